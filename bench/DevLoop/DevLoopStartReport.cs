using System.Globalization;
using System.Text;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.DevLoop;

/// <summary>
/// The dev loop's start, as written to <c>results/dev-loop-start-&lt;run&gt;.json</c>: each start of
/// <c>dotnet run --project AppHost</c> with the build up to date, seconds from the process's start.
/// </summary>
/// <param name="Command">What was timed, as a user types it.</param>
internal sealed record DevLoopStartReport(
    string RunId,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string Command,
    IReadOnlyList<DevLoopStart> Runs,
    IReadOnlyList<TargetCheck> Targets)
{
    /// <summary>The issue's dev-loop target for the start.</summary>
    public const double MaxStartToHealthySeconds = 10;

    public static string FileName(string runId) => $"dev-loop-start-{runId}.json";

    /// <summary>Checks the runs against the target: every one of them must be healthy within it.</summary>
    public static IReadOnlyList<TargetCheck> Check(IReadOnlyList<DevLoopStart> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return
        [
            new($"dotnet run --project AppHost: start to healthy ≤ {MaxStartToHealthySeconds:0} s (build up to date)",
                runs.Count == 0 ? "not measured" : Range(runs.Select(r => r.HealthySeconds).ToList()),
                runs.Count == 0 ? null : runs.All(r => r.HealthySeconds <= MaxStartToHealthySeconds)),
        ];
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("| Run | AppHost \"started\" | Dashboard answers | Every service healthy | First registration's points visible | Stop: SIGTERM to no process left |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var run in Runs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {run.Run} | {S(run.StartedSeconds)} | {S(run.DashboardSeconds)} | {S(run.HealthySeconds)} | {S(run.PointsVisibleSeconds)} ({run.RegistrationToPointsMs:0} ms after the POST) | {S(run.StopSeconds)} |");
        }

        foreach (var target in Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{target.Target}: {target.Measured} ({(target.Met switch { true => "met", false => "NOT met", null => "not measured" })})");
        }

        return text.ToString().TrimEnd();
    }

    private static string S(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Range(List<double> seconds) =>
        seconds.Count == 1 ? S(seconds[0]) : $"{seconds.Min().ToString("0.0", CultureInfo.InvariantCulture)}–{S(seconds.Max())}";
}

/// <summary>One start of the dev loop, each figure in seconds from starting <c>dotnet run</c>.</summary>
/// <param name="Run">1, 2, ...</param>
/// <param name="StartedSeconds">The AppHost printed "Distributed application started" (the build check and the model done, DCP running).</param>
/// <param name="DashboardSeconds">The dashboard's address answered HTTP.</param>
/// <param name="HealthySeconds">Start to healthy: the AppHost had started, the dashboard answered, and both services' /health said Healthy.</param>
/// <param name="PointsVisibleSeconds">The first registration, posted once healthy, had its points in GET /points/{userId}.</param>
/// <param name="RegistrationToPointsMs">From that POST to its points being visible.</param>
/// <param name="StopSeconds">From SIGTERM to <c>dotnet run</c> until no process of the run was left.</param>
/// <param name="Processes">How many processes the run consisted of just before the stop (dotnet run, the AppHost, DCP, the resources).</param>
internal sealed record DevLoopStart(
    int Run,
    double StartedSeconds,
    double DashboardSeconds,
    double HealthySeconds,
    double PointsVisibleSeconds,
    double RegistrationToPointsMs,
    double StopSeconds,
    int Processes);
