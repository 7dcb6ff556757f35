using System.Diagnostics;
using PointsDemo.Bench.Results;
using PointsDemo.Bench.Running;

namespace PointsDemo.Bench.Load;

/// <summary>One load phase: the load, the last points drained, and what it cost (redeliveries, journal flushes, CPU per registration).</summary>
internal sealed class PhaseRunner(
    BenchOptions options, ProgressLine progress, RegistrationLoad load, PointsWatcher watcher, BrokerCounters broker, ProcessCpu cpu)
{
    public async Task<PhaseResult> RunAsync(string name, double? rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var counters = new LoadCounters();
        var points = new LatencyRecorder();
        watcher.RecordInto(points);
        var brokerBefore = await broker.ReadAsync(cancellationToken);
        var cpuBefore = cpu.Sample();
        var clock = Stopwatch.StartNew();
        int missing;
        await using (progress.Show(name, () =>
            $"{counters.Accepted,8:N0} accepted  {counters.Accepted / Math.Max(clock.Elapsed.TotalSeconds, 0.001),6:N0}/s  POST p99 {counters.Latencies.RecentP99(),6:0.0} ms  " +
            $"points p99 {points.RecentP99(),6:0.0} ms  pending {watcher.Pending,5}  errors {counters.ErrorCount}"))
        {
            await load.RunAsync(options.Clients, rate, duration, counters, cancellationToken);
            missing = await watcher.DrainAsync(options.PointsTimeout, cancellationToken);
        }

        // Sampled after the drain, so the consumer's share of the phase's registrations is in.
        return await ResultAsync(name, options.Clients, rate, counters, points, missing, brokerBefore, cpuBefore, cancellationToken);
    }

    /// <summary>
    /// Registers <paramref name="count"/> users one at a time, each once the previous one's points
    /// are visible: what one user sees on an idle system.
    /// </summary>
    public async Task<PhaseResult> RunOneAtATimeAsync(string name, int count, CancellationToken cancellationToken)
    {
        var counters = new LoadCounters();
        var points = new LatencyRecorder();
        watcher.RecordInto(points);
        var brokerBefore = await broker.ReadAsync(cancellationToken);
        var cpuBefore = cpu.Sample();
        var clock = Stopwatch.StartNew();
        var missing = 0;
        await using (progress.Show(name, () => $"{counters.Accepted,8:N0} of {count} registered  points p50 {points.Summary().P50,6:0.0} ms"))
        {
            for (var i = 0; i < count; i++)
            {
                await load.RegisterOneAsync(Stopwatch.GetTimestamp(), counters, cancellationToken);
                missing += await watcher.DrainAsync(options.PointsTimeout, cancellationToken);
            }
        }

        counters.Elapsed = clock.Elapsed;
        return await ResultAsync(name, 1, null, counters, points, missing, brokerBefore, cpuBefore, cancellationToken);
    }

    private async Task<PhaseResult> ResultAsync(
        string name, int clients, double? rate, LoadCounters counters, LatencyRecorder points, int missing, BrokerCounters.Counts? brokerBefore,
        IReadOnlyDictionary<string, double> cpuBefore, CancellationToken cancellationToken)
    {
        var cpuPerRegistration = ProcessCpu.PerItem(cpuBefore, cpu.Sample(), counters.Accepted);
        var brokerAfter = await broker.ReadAsync(cancellationToken);
        var seconds = counters.Elapsed.TotalSeconds;
        var flushes = brokerAfter?.JournalFlushes - brokerBefore?.JournalFlushes;
        var recordsPerFlush = flushes > 0 ? Math.Round((double)(brokerAfter!.JournalRecords - brokerBefore!.JournalRecords) / flushes.Value, 2) : (double?)null;
        return new PhaseResult(
            name, clients, rate, Math.Round(seconds, 2), counters.Accepted, Math.Round(counters.Accepted / seconds, 1),
            counters.Latencies.Summary(), points.Summary(), missing, brokerAfter?.Redelivered - brokerBefore?.Redelivered,
            new Dictionary<string, int>(counters.Errors, StringComparer.Ordinal), cpuPerRegistration,
            flushes is > 0 ? Math.Round(flushes.Value / seconds, 1) : null, recordsPerFlush);
    }
}
