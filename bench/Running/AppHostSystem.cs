using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Running;

/// <summary>
/// The system as <c>dotnet run --project AppHost</c> runs it in local mode, started from the
/// AppHost's own model through Aspire.Hosting.Testing: DCP, the Aspire dashboard (the services
/// export every trace to it), PostgreSQL, the dev broker and both services, on free ports. The
/// model hands the bench the connection strings it needs for the ceiling and to see points arrive.
/// </summary>
internal sealed class AppHostSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] Services = ["user-service", "points-service"];

    private readonly DistributedApplication _app;

    private AppHostSystem(DistributedApplication app, SystemUnderTest target)
    {
        _app = app;
        Target = target;
    }

    public SystemUnderTest Target { get; }

    /// <summary>The running AppHost: its resources' state, commands and logs.</summary>
    public DistributedApplication App => _app;

    /// <summary>
    /// CPU of every process the run consists of, found under DCP (which watches this process): the
    /// services, the dev broker, PostgreSQL with its backends, the dashboard, DCP with its proxies,
    /// and this process (the load and the AppHost's own work).
    /// </summary>
    public static ProcessCpu Cpu => new(RunProcesses.ByPart(Environment.ProcessId));

    /// <summary>
    /// Starts everything and waits until every resource is healthy; the AppHost's and the resources'
    /// logs go to <paramref name="log"/>.
    /// </summary>
    public static async Task<AppHostSystem> StartAsync(TextWriter log, SystemSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var traceSampling = settings.TraceSampling;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--mode", "local", "--replicas", settings.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            // The dashboard runs, as under `dotnet run`: exporting every trace to it is part of what is measured.
            (options, _) => options.DisableDashboard = !settings.Dashboard,
            cancellationToken);
        // The resources' console output, as the dashboard would show it, and the AppHost's warnings.
        builder.Services.AddLogging(logging => logging.ClearProviders().AddProvider(new TextWriterLoggerProvider(log)).AddFilter("Aspire", LogLevel.Warning));
        if (traceSampling < 1)
        {
            foreach (var service in Services)
            {
                // Parent-based: a registration's trace is kept or dropped where it starts (POST /users), and
                // PointsService's process span follows that decision through the message's trace context.
                builder.CreateResourceBuilder<ProjectResource>(service)
                    .WithEnvironment("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
                    .WithEnvironment("OTEL_TRACES_SAMPLER_ARG", traceSampling.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        settings.Configure?.Invoke(builder);
        var app = await builder.BuildAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            // The services start only once their databases and the broker are healthy: their health is the system's.
            foreach (var service in Services)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            }

            var target = new SystemUnderTest(
                app.GetEndpoint("user-service", "http"),
                await ConnectionStringAsync(app, "pointsdb", cancellationToken),
                await ConnectionStringAsync(app, "usersdb", cancellationToken),
                app.GetEndpoint("rocketmq-broker", RocketMqDevBrokerExtensions.InspectionEndpointName),
                $"the AppHost's local mode (DCP, {(settings.Dashboard ? "the Aspire dashboard, " : "")}PostgreSQL from this machine, the dev broker, both services{(settings.Replicas > 1 ? $" x{settings.Replicas}" : "")}), {RunSettings.DescribeTraces(traceSampling)}");
            return new AppHostSystem(app, target);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<string> ConnectionStringAsync(DistributedApplication app, string resource, CancellationToken cancellationToken) =>
        await app.GetConnectionStringAsync(resource, cancellationToken) ?? throw new InvalidOperationException($"{resource} has no connection string.");
}

/// <summary>How <see cref="AppHostSystem"/> starts the AppHost's local mode.</summary>
internal sealed record SystemSettings
{
    /// <summary>The share of traces the services record (1: every one, as the AppHost runs them).</summary>
    public double TraceSampling { get; init; } = 1;

    /// <summary>Whether the Aspire dashboard runs and receives the telemetry.</summary>
    public bool Dashboard { get; init; } = true;

    /// <summary>Instances of each service (the AppHost's <c>--replicas</c>).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Further changes to the model before it starts.</summary>
    public Action<IDistributedApplicationTestingBuilder>? Configure { get; init; }
}
