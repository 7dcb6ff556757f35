using System.Globalization;
using System.Runtime.Versioning;
using PointsDemo.Bench.Chaos;
using PointsDemo.TestSupport;

namespace PointsDemo.Bench.Tests;

/// <summary>
/// A short kill -9 run (the bench's `--chaos`): the AppHost's local mode with two instances of each
/// service and the durable dev broker; clients register users while PostgreSQL, the broker and the
/// service instances are killed with SIGKILL at random and started again. Once the system has
/// settled, no registration answered 201 lacks its points, nobody has them twice, and nothing is
/// left in the broker. The seed is printed; <c>POINTSDEMO_CHAOS_SEED</c> replays a run.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ChaosTests
{
    public const string SeedVariable = "POINTSDEMO_CHAOS_SEED";

    [Fact]
    public async Task Processes_killed_with_SIGKILL_and_started_again_lose_no_points_and_double_none()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given ? int.Parse(given, CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"Seed {seed}: replay with {SeedVariable}={seed}, or `dotnet run --project bench -- --chaos 90 --seed {seed}`.");
        await using var writer = Artifacts.Log($"chaos-{seed}.log");

        // What the run says goes to the test's output and, so a passing run can be read too, to its log.
        void Say(string line)
        {
            output.WriteLine(line);
            writer.WriteLine(line);
        }

        var options = new ChaosOptions { Duration = TimeSpan.FromSeconds(90), Seed = seed };
        var report = await new ChaosRun(options, Say).RunAsync(writer, ct);

        Say(report.Render());
        Assert.Equal(0, report.Invariant.Lost);
        Assert.Equal(0, report.Invariant.Doubled);
        Assert.True(report.Invariant.Holds, report.Render());
        Assert.Equal(["points-service", "postgres", "rocketmq-broker", "user-service"], report.Kills.Keys);
        Assert.True(report.Kills.Values.Sum() >= options.MinimumKills, $"Only {report.Kills.Values.Sum()} processes were killed.");
        Assert.True(report.Accepted > 0, "No registration was answered 201.");
    }
}
