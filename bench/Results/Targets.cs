using System.Globalization;

namespace PointsDemo.Bench.Results;

/// <summary>The performance issue's targets, checked against a run's figures.</summary>
internal static class Targets
{
    /// <summary>Registrations/s ÷ the database ceiling, deployed or with one trace in ten exported.</summary>
    public const double MinRatioSampled = 0.6;

    /// <summary>The same with every trace exported, as local mode runs.</summary>
    public const double MinRatioEveryTrace = 0.5;

    public const double MaxPostP99AtHalfRateMs = 20;
    public const double MaxPointsP99AtHalfRateMs = 50;
    public const double MaxCpuMsPerRegistration = 1.0;
    public const double MinClientSendsPerSecond = 15_000;
    public const double MinClientConsumedPerSecond = 40_000;

    /// <summary>The processes that are the project's own: the ones its CPU target counts in the deployed system.</summary>
    public static readonly IReadOnlyList<string> OwnProcesses = ["user-service", "points-service", "rocketmq-broker"];

    /// <summary>
    /// Checks a run against the targets. The deployed system is held to the headline targets, its
    /// CPU counted in the project's own processes; the AppHost's run keeps the dev loop's reading,
    /// its CPU counted in every process, DCP and the dashboard included.
    /// </summary>
    public static IReadOnlyList<TargetCheck> Check(PhaseResult? max, PhaseResult? half, double? ratio, ClientResult? client, double? traceSampling, BenchSystem? system = null)
    {
        var deployed = system == BenchSystem.Deployed;
        // The ratio's bar depends on what the services export; a running system's sampling is unknown.
        var everyTrace = !deployed && traceSampling is null or >= 1;
        var minRatio = everyTrace ? MinRatioEveryTrace : MinRatioSampled;
        var cpuParts = deployed ? "the project's own processes" : "all processes";
        var cpu = max is { CpuMsPerRegistration.Count: > 0 }
            ? max.CpuMsPerRegistration.Where(c => !deployed || OwnProcesses.Contains(c.Key)).Sum(c => c.Value)
            : (double?)null;
        return
        [
            new($"registrations/s ÷ the database ceiling ≥ {minRatio:0.0} ({(everyTrace ? "every trace" : "sampled traces")})",
                ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "not measured",
                ratio is null ? null : ratio >= minRatio),
            new("POST p99 ≤ 20 ms at half the max rate",
                half is null ? "not measured" : $"{Ms(half.Post.P99)} at {Format(half.AcceptedPerSecond)}/s",
                half is null ? null : half.Post.Count > 0 && half.Post.P99 <= MaxPostP99AtHalfRateMs),
            new("registration → points p99 ≤ 50 ms at half rate",
                half is null ? "not measured" : Ms(half.PointsVisible.P99) + (half.PointsMissing > 0 ? $", {half.PointsMissing} never visible" : ""),
                half is null ? null : half.PointsVisible.Count > 0 && half.PointsMissing == 0 && half.PointsVisible.P99 <= MaxPointsP99AtHalfRateMs),
            new($"CPU per registration ≤ 1.0 ms, {cpuParts}, at the max rate",
                cpu is { } ms ? ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms" : "not measured",
                cpu is null ? null : cpu <= MaxCpuMsPerRegistration),
            new("RocketMQ client alone ≥ 15,000 transactional sends/s and ≥ 40,000 consumed/s",
                client is null ? "not measured" : $"{Format(client.TransactionalSendsPerSecond)}/s and {Format(client.ConsumedPerSecond)}/s",
                client is null ? null : client.TransactionalSendsPerSecond >= MinClientSendsPerSecond && client.ConsumedPerSecond >= MinClientConsumedPerSecond),
            new("no errors and no redeliveries in the max and half-rate phases",
                max is null ? "not measured" : $"{Errors(max) + Errors(half)} errors, {(max.Redelivered ?? 0) + (half?.Redelivered ?? 0)} redelivered",
                max is null ? null : Errors(max) + Errors(half) == 0 && (max.Redelivered ?? 0) + (half?.Redelivered ?? 0) == 0),
        ];
    }

    private static int Errors(PhaseResult? phase) => phase?.Errors.Values.Sum() ?? 0;

    public static string Format(double perSecond) => perSecond.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}
