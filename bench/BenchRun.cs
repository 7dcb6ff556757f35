using System.Diagnostics;
using System.Globalization;
using PointsDemo.Bench.Broker;
using PointsDemo.Bench.Ceiling;
using PointsDemo.Bench.Load;
using PointsDemo.Bench.Results;
using PointsDemo.Bench.Running;
using PointsDemo.Bench.Running.Deployed;

namespace PointsDemo.Bench;

/// <summary>
/// One run: the system (started in local mode, or the one given), a warm-up, the main phase, the
/// half-rate phase, the database ceiling on the same PostgreSQL, the RocketMQ client alone; then
/// the table on the console and the JSON under the results folder.
/// </summary>
internal sealed class BenchRun(BenchOptions options, ProgressLine progress)
{
    /// <summary>Registrations of the idle phase: the dev loop's "points visible" figure is their median.</summary>
    private const int IdleRegistrations = 20;

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
                _runId, startedAt, MachineNow(loadAtStart), Settings(), "none: the RocketMQ client alone", null, null, null, null, null, null, alone, null, Targets.Check(null, null, null, alone, null));
        }

        await using var started = await StartSystemAsync(log, logPath, cancellationToken);
        var target = started?.Target ?? FromOptions(options.Target!);
        progress.Say($"System: {target.Description}");
        var (idle, max, half) = await RunLoadAsync(target, started?.Cpu ?? ProcessCpu.None, cancellationToken);
        var ceiling = options.CeilingPhase && target.UsersDatabase is not null ? await RunCeilingAsync(target, cancellationToken) : null;
        var ratio = max is not null && ceiling is { RegistrationsPerSecond: > 0 } ? Math.Round(max.AcceptedPerSecond / ceiling.RegistrationsPerSecond, 2) : (double?)null;
        var client = options.ClientPhase ? await RunClientAsync(cancellationToken) : null;
        var settings = Settings();
        return new BenchReport(
            _runId, startedAt, MachineNow(loadAtStart), settings, target.Description, started?.StartSeconds, idle, max, half, ceiling, ratio, client,
            started?.TelemetryBytes(), Targets.Check(max, half, ratio, client, settings.TraceSampling, options.Target is null ? options.System : null));
    }

    /// <summary>Starts the system the options ask for; null when the bench measures one already running.</summary>
    private async Task<StartedSystem?> StartSystemAsync(TextWriter log, string logPath, CancellationToken cancellationToken)
    {
        if (options.Target is not null)
        {
            return null;
        }

        if (options.System == BenchSystem.Deployed)
        {
            progress.Say($"Publishing and starting the deployed system (its logs go to {logPath})...");
            var deployed = await DeployedSystem.StartAsync(log, new DeployedSettings { ReadyToRun = options.ReadyToRun, TraceSampling = options.TraceSampling }, cancellationToken);
            return new StartedSystem(deployed.Target, deployed.Cpu, deployed.StartTime, deployed, () => deployed.Telemetry.Received.ToDictionary(r => r.Key, r => r.Value.Bytes, StringComparer.Ordinal), progress);
        }

        progress.Say($"Starting the AppHost's local mode (its logs go to {logPath})...");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var local = await AppHostSystem.StartAsync(log, new SystemSettings { TraceSampling = options.TraceSampling ?? 1 }, cancellationToken);
        return new StartedSystem(local.Target, AppHostSystem.Cpu, clock.Elapsed, local, () => null, progress);
    }

    private async Task<(PhaseResult? Idle, PhaseResult? Max, PhaseResult? Half)> RunLoadAsync(SystemUnderTest target, ProcessCpu cpu, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { Timeout = TimeSpan.FromSeconds(30) };
        await using var watcher = new PointsWatcher(target.PointsDatabase, options.PollInterval);
        var broker = new BrokerCounters(http, target.BrokerInspection);
        var load = new RegistrationLoad(http, target.UserService, watcher, _runId);
        var phases = new PhaseRunner(options, progress, load, watcher, broker, cpu);

        // Before the warm-up, as a developer's first registrations meet the system just started.
        var idle = await phases.RunOneAtATimeAsync("idle, one at a time", IdleRegistrations, cancellationToken);
        if (options.Warmup > TimeSpan.Zero)
        {
            // JIT, connection pools, the broker's routes: none of it belongs in the figures.
            await phases.RunAsync("warm-up", options.Rate, options.Warmup, cancellationToken);
        }

        var max = await phases.RunAsync("max", options.Rate, options.Duration, cancellationToken);
        var half = options.HalfRatePhase && max.AcceptedPerSecond > 2
            ? await phases.RunAsync("half-rate", Math.Round(max.AcceptedPerSecond / 2), options.Duration, cancellationToken)
            : null;
        return (idle, max, half);
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
        options.ClientDuration.TotalSeconds, options.PollInterval.TotalMilliseconds,
        options.Target is not null ? "given" : options.System == BenchSystem.Deployed ? "deployed" : "apphost",
        options.Target is null && options.System == BenchSystem.Deployed ? options.ReadyToRun : null,
        options.Target is not null ? null
            : options.TraceSampling ?? (options.System == BenchSystem.Deployed ? Microsoft.Extensions.Hosting.Extensions.ProductionTraceSamplingRatio : 1));

    private static SystemUnderTest FromOptions(ExternalSystem system) =>
        new(system.UserService, system.PointsDatabase, system.UsersDatabase, system.BrokerInspection, $"given: UserService {system.UserService}");
}

/// <summary>A system the bench started: what it drives, what it costs, and how to stop it.</summary>
internal sealed record StartedSystem(
    SystemUnderTest Target, ProcessCpu Cpu, TimeSpan StartTime, IAsyncDisposable Running, Func<IReadOnlyDictionary<string, long>?> TelemetryBytes, ProgressLine Progress)
    : IAsyncDisposable
{
    public double StartSeconds => Math.Round(StartTime.TotalSeconds, 2);

    public async ValueTask DisposeAsync()
    {
        Progress.Say("Stopping the system...");
        await Running.DisposeAsync();
    }
}
