using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using PointsDemo.Bench.Results;
using PointsDemo.LocalPostgres;

namespace PointsDemo.Bench.Running.Deployed;

/// <summary>
/// The system as someone deploys it, with nothing of Aspire's development-time processes: no DCP,
/// no proxies, no dashboard. UserService and PointsService published in Release and run in the
/// Production environment (their schema migrated first, by the services' own <c>migrate</c> step),
/// PostgreSQL durable (<c>fsync</c> on), the dev broker durable (<c>--data</c>, an fsynced journal)
/// and signed, and the services' telemetry exported over OTLP, sampled as they ship, to a receiver
/// in the bench. Every process binds 127.0.0.1.
/// </summary>
internal sealed class DeployedSystem : IAsyncDisposable
{
    private const string AccessKey = "pointsdemo";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly List<IAsyncDisposable> _started;
    private readonly string _folder;

    private DeployedSystem(List<IAsyncDisposable> started, string folder, SystemUnderTest target, ProcessCpu cpu, TimeSpan start, OtlpReceiver telemetry)
    {
        _started = started;
        _folder = folder;
        Target = target;
        Cpu = cpu;
        StartTime = start;
        Telemetry = telemetry;
    }

    public SystemUnderTest Target { get; }

    /// <summary>CPU of each part: the services, the broker, PostgreSQL with its backends, and the bench itself.</summary>
    public ProcessCpu Cpu { get; }

    /// <summary>From starting PostgreSQL to both services healthy (publishing not included).</summary>
    public TimeSpan StartTime { get; }

    public OtlpReceiver Telemetry { get; }

    /// <summary>Publishes the programs, then starts everything and waits until both services are healthy.</summary>
    public static async Task<DeployedSystem> StartAsync(TextWriter log, DeployedSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var apps = await PublishedApps.PublishAsync(settings.ReadyToRun, log, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("pointsdemo-deployed-").FullName;
        var started = new List<IAsyncDisposable>();
        try
        {
            var clock = Stopwatch.StartNew();
            var postgres = await PostgresCluster.StartAsync(new PostgresClusterOptions { Durable = true }, new TextWriterLoggerProvider(log).CreateLogger("postgres"), cancellationToken);
            started.Add(postgres);
            var usersDb = await postgres.CreateDatabaseAsync("usersdb", cancellationToken);
            var pointsDb = await postgres.CreateDatabaseAsync("pointsdb", cancellationToken);
            var telemetry = await OtlpReceiver.StartAsync(cancellationToken);
            started.Add(telemetry);

            var secretKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var brokerPort = FreePort.Pick();
            var inspectionPort = FreePort.Pick();
            var broker = RunningProgram.Start(
                "rocketmq-broker",
                apps.Broker,
                ["--port", Text(brokerPort), "--http-port", Text(inspectionPort), "--topic", "user-registered:TRANSACTION", "--group", "points-service",
                 "--data", Path.Combine(folder, "broker"), "--access-key", AccessKey],
                TelemetryEnvironment(telemetry, "rocketmq-broker", sampling: null, ("ROCKETMQ_SECRET_KEY", secretKey)),
                log);
            started.Add(broker);
            var inspection = new Uri($"http://127.0.0.1:{inspectionPort}/");
            await WaitHealthyAsync(broker, new Uri(inspection, "/health"), cancellationToken);

            var rocketmq = $"Endpoints=127.0.0.1:{brokerPort};AccessKey={AccessKey};SecretKey={secretKey}";
            var userService = await StartServiceAsync(
                "user-service", apps.UserService, telemetry, settings.TraceSampling, log, started, cancellationToken,
                ("ConnectionStrings__usersdb", usersDb), ("ConnectionStrings__rocketmq", rocketmq));
            await StartServiceAsync(
                "points-service", apps.PointsService, telemetry, settings.TraceSampling, log, started, cancellationToken,
                ("ConnectionStrings__pointsdb", pointsDb), ("ConnectionStrings__rocketmq", rocketmq));

            var cpu = new ProcessCpu(new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal)
            {
                ["user-service"] = [started.OfType<RunningProgram>().Single(p => p.Name == "user-service").ProcessId],
                ["points-service"] = [started.OfType<RunningProgram>().Single(p => p.Name == "points-service").ProcessId],
                ["rocketmq-broker"] = [broker.ProcessId],
                // The postmaster; its backends are its children, which ProcessCpu counts with it.
                ["postgres"] = [postgres.ServerProcessId],
                ["bench (load, OTLP receiver)"] = [Environment.ProcessId],
            });
            var sampling = settings.TraceSampling ?? Microsoft.Extensions.Hosting.Extensions.ProductionTraceSamplingRatio;
            var target = new SystemUnderTest(
                userService,
                pointsDb,
                usersDb,
                inspection,
                $"deployed: UserService and PointsService published in Release{(settings.ReadyToRun ? " (ReadyToRun)" : "")}, Production; " +
                $"PostgreSQL with fsync on; the dev broker durable and signed; {RunSettings.DescribeTraces(sampling, "an OTLP receiver")}");
            return new DeployedSystem(started, folder, target, cpu, clock.Elapsed, telemetry);
        }
        catch
        {
            await StopAsync(started, folder);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_started, _folder));

    private static async Task<Uri> StartServiceAsync(
        string name, string assembly, OtlpReceiver telemetry, double? sampling, TextWriter log, List<IAsyncDisposable> started, CancellationToken cancellationToken,
        params (string Name, string Value)[] connections)
    {
        var port = FreePort.Pick();
        var environment = TelemetryEnvironment(telemetry, name, sampling, [
            .. connections,
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"),
            // An orchestrator probes readiness: the service maps /health for it.
            ("HealthEndpoints__Enabled", "true"),
        ]);
        // A deployment migrates the schema as a step of its own before the new version starts.
        await RunningProgram.RunToEndAsync($"{name} migrate", assembly, ["migrate"], environment, log, cancellationToken);
        var service = RunningProgram.Start(name, assembly, [], environment, log);
        started.Add(service);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await WaitHealthyAsync(service, new Uri(url, "/health"), cancellationToken);
        return url;
    }

    private static Dictionary<string, string> TelemetryEnvironment(OtlpReceiver receiver, string serviceName, double? sampling, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = serviceName,
        };
        if (sampling is { } ratio)
        {
            environment["OTEL_TRACES_SAMPLER_ARG"] = ratio.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static async Task WaitHealthyAsync(RunningProgram program, Uri health, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            while (true)
            {
                program.ThrowIfExited();
                try
                {
                    using var response = await http.GetAsync(health, deadline.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception error) when (error is HttpRequestException || (error is OperationCanceledException && !deadline.IsCancellationRequested))
                {
                    // Not listening yet, or not answering yet.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{program.Name} was not healthy at {health} within {StartTimeout.TotalSeconds:0} s; its output is in the run's log.");
        }
    }

    private static async Task StopAsync(List<IAsyncDisposable> started, string folder)
    {
        // In reverse: the services before the broker and the database they use.
        for (var i = started.Count - 1; i >= 0; i--)
        {
            await started[i].DisposeAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>How <see cref="DeployedSystem"/> is built and run.</summary>
internal sealed record DeployedSettings
{
    /// <summary>Whether the programs are compiled ahead of time (ReadyToRun) instead of by the JIT alone.</summary>
    public bool ReadyToRun { get; init; }

    /// <summary>The share of traces sampled where they start; null keeps what the services ship with.</summary>
    public double? TraceSampling { get; init; }
}
