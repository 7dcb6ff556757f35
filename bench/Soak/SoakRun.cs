using System.Globalization;
using System.Text;
using PointsDemo.Bench.Load;
using PointsDemo.Bench.Running;

namespace PointsDemo.Bench.Soak;

/// <summary>
/// A fixed rate held for a long time against the system the AppHost runs (the dev broker durable, as
/// there), every process's resident memory read each minute: what grows without bound shows as a
/// line that keeps rising after the first minutes.
/// </summary>
internal sealed class SoakRun(TimeSpan duration, double rate, int clients, ProgressLine progress)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public async Task<SoakReport> RunAsync(TextWriter log, CancellationToken cancellationToken)
    {
        progress.Say($"Starting the AppHost's local mode; then {rate:0}/s for {duration.TotalMinutes:0} min...");
        await using var system = await AppHostSystem.StartAsync(log, new SystemSettings(), cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { Timeout = TimeSpan.FromSeconds(30) };
        var load = new RegistrationLoad(http, system.Target.UserService, new Discard(), $"soak-{DateTime.UtcNow:yyyyMMddHHmmss}");
        var minutes = new List<(int Minute, long Accepted, int Errors, IReadOnlyDictionary<string, double> MiB)>();
        for (var minute = 1; minute <= Math.Ceiling(duration / Minute); minute++)
        {
            var counters = new LoadCounters();
            await load.RunAsync(clients, rate, Minute, counters, cancellationToken);
            var memory = ProcessMemory.Sample(RunProcesses.ByPart(Environment.ProcessId));
            minutes.Add((minute, counters.Accepted, counters.ErrorCount, memory));
            progress.Say($"[soak] minute {minute}: {counters.Accepted / Minute.TotalSeconds:0}/s, errors {counters.ErrorCount}; " +
                string.Join(", ", memory.Select(m => $"{m.Key} {m.Value:0} MiB")));
        }

        return new SoakReport(rate, minutes);
    }

    private sealed class Discard : IRegistrationSink
    {
        public void Accepted(Guid userId, long postStartTimestamp)
        {
        }
    }
}

/// <summary>Each minute's throughput and every process's resident memory.</summary>
internal sealed record SoakReport(double Rate, IReadOnlyList<(int Minute, long Accepted, int Errors, IReadOnlyDictionary<string, double> MiB)> Minutes)
{
    /// <summary>Minutes left out of the growth: JIT, pools and caches fill first.</summary>
    public const int WarmupMinutes = 2;

    /// <summary>Growth from the first minute after warm-up to the last, by process, in percent.</summary>
    public IReadOnlyDictionary<string, double> Growth
    {
        get
        {
            var first = Minutes[Math.Min(WarmupMinutes, Minutes.Count - 1)].MiB;
            var last = Minutes[^1].MiB;
            return first.Where(f => f.Value > 0 && last.ContainsKey(f.Key))
                .ToDictionary(f => f.Key, f => Math.Round((last[f.Key] - f.Value) / f.Value * 100, 1), StringComparer.Ordinal);
        }
    }

    public string Render()
    {
        var parts = Minutes[0].MiB.Keys.ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| Minute | Registrations/s | Errors | {string.Join(" | ", parts.Select(p => $"{p} (MiB)"))} |");
        text.AppendLine($"|{string.Concat(Enumerable.Repeat("---|", parts.Count + 3))}");
        foreach (var (minute, accepted, errors, mib) in Minutes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {minute} | {accepted / 60.0:0} | {errors} | {string.Join(" | ", parts.Select(p => mib.GetValueOrDefault(p).ToString("0", CultureInfo.InvariantCulture)))} |");
        }

        text.Append(CultureInfo.InvariantCulture, $"Growth after minute {WarmupMinutes + 1} to the last: {string.Join(", ", Growth.Select(g => $"{g.Key} {g.Value:+0.0;-0.0}%"))}.");
        return text.ToString();
    }
}
