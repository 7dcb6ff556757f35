using System.Globalization;

namespace PointsDemo.Bench.Results;

/// <summary>One bench run, as written to <c>results/bench-&lt;run&gt;.json</c>. Latencies in milliseconds.</summary>
/// <param name="StartSeconds">From starting the system to every service healthy (for the deployed system, publishing not included); null for a running system.</param>
/// <param name="Idle">Registrations one at a time, each once the previous one's points are visible: the idle system's latency.</param>
/// <param name="TelemetryBytes">What the deployed system exported over OTLP during the run, in bytes by path; null elsewhere.</param>
internal sealed record BenchReport(
    string RunId,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    RunSettings Settings,
    string System,
    double? StartSeconds,
    PhaseResult? Idle,
    PhaseResult? Max,
    PhaseResult? HalfRate,
    CeilingResult? Ceiling,
    double? RatioToCeiling,
    ClientResult? Client,
    IReadOnlyDictionary<string, long>? TelemetryBytes,
    IReadOnlyList<TargetCheck> Targets);

/// <summary>Where it ran; load averages (1, 5, 15 min) from <c>/proc/loadavg</c>, empty elsewhere.</summary>
internal sealed record MachineInfo(int Cores, string Os, string Runtime, IReadOnlyList<double> LoadAverageAtStart, IReadOnlyList<double> LoadAverageAtEnd);

/// <summary>The options that shape the figures (no connection strings: they hold passwords).</summary>
/// <param name="System">"apphost", "deployed", or "given" for a running system.</param>
/// <param name="ReadyToRun">Whether the deployed system's programs were compiled ahead of time; null for the other systems.</param>
/// <param name="TraceSampling">The share of traces the services exported; null for a running system, whose telemetry the bench does not set.</param>
internal sealed record RunSettings(
    int Clients, double? Rate, double WarmupSeconds, double DurationSeconds, double CeilingSeconds, double ClientSeconds, double PollIntervalMs,
    string System, bool? ReadyToRun, double? TraceSampling)
{
    /// <summary>How much of the telemetry the services export, and where to, in words.</summary>
    public static string DescribeTraces(double sampling, string destination = "the dashboard") =>
        sampling >= 1
            ? $"every trace exported to {destination}"
            : string.Create(CultureInfo.InvariantCulture, $"{sampling * 100:0.##}% of traces exported to {destination}");
}

/// <summary>A load phase against the running system.</summary>
/// <param name="Name">"max" or "half-rate".</param>
/// <param name="Clients">Concurrent HTTP clients.</param>
/// <param name="TargetRate">The fixed rate asked for; null when as fast as it goes.</param>
/// <param name="Seconds">From the first request to the last response.</param>
/// <param name="Accepted">POSTs answered 201.</param>
/// <param name="AcceptedPerSecond">Accepted ÷ seconds.</param>
/// <param name="Post">POST latency (from when the request was due, at a fixed rate).</param>
/// <param name="PointsVisible">From the POST to the points being visible in the points database.</param>
/// <param name="PointsMissing">Accepted registrations whose points were not visible by the points timeout.</param>
/// <param name="Redelivered">Deliveries to points-service that timed out unacked during the phase; null without the broker's inspection API.</param>
/// <param name="Errors">Failed POSTs by kind.</param>
/// <param name="CpuMsPerRegistration">CPU milliseconds per accepted registration, by process (local mode on Linux only).</param>
/// <param name="JournalFlushesPerSecond">The dev broker's journal fsyncs per second; null in memory or without its inspection API.</param>
/// <param name="JournalRecordsPerFlush">Records each fsync made durable, on average: what group commit shares.</param>
internal sealed record PhaseResult(
    string Name,
    int Clients,
    double? TargetRate,
    double Seconds,
    long Accepted,
    double AcceptedPerSecond,
    LatencySummary Post,
    LatencySummary PointsVisible,
    int PointsMissing,
    long? Redelivered,
    IReadOnlyDictionary<string, int> Errors,
    IReadOnlyDictionary<string, double> CpuMsPerRegistration,
    double? JournalFlushesPerSecond = null,
    double? JournalRecordsPerFlush = null);

/// <summary>The database ceiling: both transactions of a registration, directly with Npgsql.</summary>
internal sealed record CeilingResult(int Workers, double Seconds, long Registrations, double RegistrationsPerSecond, LatencySummary Latency);

/// <summary>The RocketMQ client alone against a dev broker of its own.</summary>
internal sealed record ClientResult(
    int Senders, long TransactionalSends, double TransactionalSendsPerSecond, LatencySummary SendLatency, int Receivers, int ReceiveBatch, long Consumed, double ConsumedPerSecond);

/// <summary>One of the targets: what it asks, what was measured, and whether it was met (null: not measured).</summary>
internal sealed record TargetCheck(string Target, string Measured, bool? Met);
