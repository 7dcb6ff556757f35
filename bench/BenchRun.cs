using System.Diagnostics;
using System.Globalization;
using PointsDemo.Bench.Broker;
using PointsDemo.Bench.Ceiling;
using PointsDemo.Bench.Load;
using PointsDemo.Bench.Results;
using PointsDemo.Bench.Running;

namespace PointsDemo.Bench;

/// <summary>
/// One run: the system (started in local mode, or the one given), a warm-up, the main phase, the
/// half-rate phase, the database ceiling on the same PostgreSQL, the RocketMQ client alone; then
/// the table on the console and the JSON under the results folder.
/// </summary>
internal sealed class BenchRun(BenchOptions options, ProgressLine progress)
{
    private readonly string _runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = Machine.LoadAverage();
        var logPath = options.LogFile ?? Path.Combine(options.ResultsFolder, $"bench-{_runId}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        // Buffered, not flushed per line: writing is the bench's own cost, not the system's.
        await using var log = TextWriter.Synchronized(new StreamWriter(logPath, append: false, System.Text.Encoding.UTF8, bufferSize: 1 << 16));
        if (options.ClientOnly)
        {
            var alone = await RunClientAsync(cancellationToken);
            return new BenchReport(
                _runId, startedAt, MachineNow(loadAtStart), Settings(), "none: the RocketMQ client alone", null, null, null, null, alone, Targets.Check(null, null, null, alone, null));
        }

        AppHostSystem? local = null;
        if (options.Target is null)
        {
            progress.Say($"Starting the AppHost's local mode (its logs go to {logPath})...");
            local = await AppHostSystem.StartAsync(log, new SystemSettings { TraceSampling = options.TraceSampling }, cancellationToken);
        }

        try
        {
            var target = local?.Target ?? FromOptions(options.Target!);
            progress.Say($"System: {target.Description}");
            var (max, half) = await RunLoadAsync(target, local is null ? ProcessCpu.None : AppHostSystem.Cpu, cancellationToken);
            var ceiling = options.CeilingPhase && target.UsersDatabase is not null ? await RunCeilingAsync(target, cancellationToken) : null;
            var ratio = max is not null && ceiling is { RegistrationsPerSecond: > 0 } ? Math.Round(max.AcceptedPerSecond / ceiling.RegistrationsPerSecond, 2) : (double?)null;
            var client = options.ClientPhase ? await RunClientAsync(cancellationToken) : null;
            return new BenchReport(_runId, startedAt, MachineNow(loadAtStart), Settings(), target.Description, max, half, ceiling, ratio, client, Targets.Check(max, half, ratio, client, Settings().TraceSampling));
        }
        finally
        {
            if (local is not null)
            {
                progress.Say("Stopping the system...");
                await local.DisposeAsync();
            }
        }
    }

    private async Task<(PhaseResult? Max, PhaseResult? Half)> RunLoadAsync(SystemUnderTest target, ProcessCpu cpu, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { Timeout = TimeSpan.FromSeconds(30) };
        await using var watcher = new PointsWatcher(target.PointsDatabase, options.PollInterval);
        var redeliveries = new BrokerRedeliveries(http, target.BrokerInspection);
        var load = new RegistrationLoad(http, target.UserService, watcher, _runId);
        var phases = new PhaseRunner(options, progress, load, watcher, redeliveries, cpu);

        if (options.Warmup > TimeSpan.Zero)
        {
            // JIT, connection pools, the broker's routes: none of it belongs in the figures.
            await phases.RunAsync("warm-up", options.Rate, options.Warmup, cancellationToken);
        }

        var max = await phases.RunAsync("max", options.Rate, options.Duration, cancellationToken);
        var half = options.HalfRatePhase && max.AcceptedPerSecond > 2
            ? await phases.RunAsync("half-rate", Math.Round(max.AcceptedPerSecond / 2), options.Duration, cancellationToken)
            : null;
        return (max, half);
    }

    private async Task<CeilingResult> RunCeilingAsync(SystemUnderTest target, CancellationToken cancellationToken)
    {
        var counters = new CeilingCounters();
        var clock = Stopwatch.StartNew();
        await using (progress.Show("database ceiling", () => $"{counters.Completed,8:N0} registrations  {counters.Completed / Math.Max(clock.Elapsed.TotalSeconds, 0.001),6:N0}/s"))
        {
            await DatabaseCeiling.RunAsync(target.UsersDatabase!, target.PointsDatabase, options.Clients, options.CeilingDuration, counters, _runId, cancellationToken);
        }

        var seconds = counters.Elapsed.TotalSeconds;
        return new CeilingResult(options.Clients, Math.Round(seconds, 2), counters.Completed, Math.Round(counters.Completed / seconds, 1), counters.Latencies.Summary());
    }

    private async Task<ClientResult> RunClientAsync(CancellationToken cancellationToken)
    {
        var counters = new ClientCounters();
        await using (progress.Show("rocketmq client", () => $"{counters.SentCount,8:N0} sent  {counters.AckedCount,8:N0} acked"))
        {
            return await ClientThroughput.RunAsync(options.Clients, options.ClientDuration, options.BrokerDataFolder, counters, cancellationToken);
        }
    }

    private static MachineInfo MachineNow(IReadOnlyList<double> loadAtStart) =>
        new(Environment.ProcessorCount, Machine.Os, Machine.Runtime, loadAtStart, Machine.LoadAverage());

    private RunSettings Settings() => new(
        options.Clients, options.Rate, options.Warmup.TotalSeconds, options.Duration.TotalSeconds, options.CeilingDuration.TotalSeconds,
        options.ClientDuration.TotalSeconds, options.PollInterval.TotalMilliseconds, options.Target is null ? options.TraceSampling : null);

    private static SystemUnderTest FromOptions(ExternalSystem system) =>
        new(system.UserService, system.PointsDatabase, system.UsersDatabase, system.BrokerInspection, $"given: UserService {system.UserService}");
}
