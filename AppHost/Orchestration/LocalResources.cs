using PointsDemo.AppHost.Dashboard;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Resources;
using PointsDemo.LocalPostgres;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>What local mode runs once every resource is healthy: the AppHost shows it, the bench measures it.</summary>
internal sealed record LocalResources(
    DashboardHost Dashboard,
    PostgresCluster Cluster,
    IReadOnlyDictionary<string, string> ConnectionStrings,
    DevBroker Broker,
    DemoServiceUrls Services)
{
    /// <summary>
    /// Starts the resources in dependency order with health waits: dashboard (first, so no early
    /// telemetry is lost) → PostgreSQL and its databases → dev broker → PointsService → UserService.
    /// Each is added to <paramref name="teardown"/> as soon as it runs, so whoever runs the teardown
    /// stops what a failed start left behind.
    /// </summary>
    public static async Task<LocalResources> StartAsync(
        AppHostSettings settings, DashboardState state, ResourceConsole console, Teardown teardown, HttpClient http, LogLevel postgresLogLevel, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(teardown);
        var catalog = state.Resources;
        catalog.Declare("dashboard", "Dashboard");
        catalog.Declare(PostgresResource.Name, "PostgreSQL (local binaries)");
        catalog.Declare(DevBrokerResource.Name, "RocketMQ dev broker");
        catalog.Declare(ServiceAssemblies.PointsService, "Project");
        catalog.Declare(ServiceAssemblies.UserService, "Project");

        console.Say("Starting the dashboard...");
        var dashboard = await DashboardHost.StartAsync(
            new DashboardOptions { UiPort = settings.DashboardPort, OtlpHttpPort = settings.OtlpPort },
            state,
            new ResourceLoggerProvider(console, "dashboard", LogLevel.Warning),
            stop);
        teardown.Add("dashboard", async () => await dashboard.DisposeAsync());
        catalog.Update("dashboard", r => r with
        {
            State = ResourceState.Running, Health = "Healthy", ProcessId = Environment.ProcessId, StartedAt = DateTimeOffset.UtcNow,
            Urls = [dashboard.UiUrl.AbsoluteUri, $"{dashboard.OtlpUrl.AbsoluteUri} (OTLP/HTTP)"], Detail = "in-process",
        });

        console.Say("Starting PostgreSQL...");
        var postgresLogs = ResourceLoggerProvider.FactoryFor(console, PostgresResource.Name, postgresLogLevel);
        var (cluster, connectionStrings) = await StartedOrDisposedAsync(
            postgresLogs, () => PostgresResource.StartAsync(settings.DataFolder, postgresLogs, catalog, stop));
        teardown.Add(PostgresResource.Name, async () =>
        {
            await PostgresResource.StopAsync(cluster, catalog);
            postgresLogs.Dispose();
        });

        console.Say("Starting the RocketMQ dev broker...");
        var brokerLogs = ResourceLoggerProvider.FactoryFor(console, DevBrokerResource.Name, LogLevel.Warning);
        var broker = await StartedOrDisposedAsync(
            brokerLogs, () => DevBrokerResource.StartAsync(ServicePorts.Choose(settings.BrokerPort), brokerLogs, catalog, stop));
        teardown.Add(DevBrokerResource.Name, async () =>
        {
            await broker.DisposeAsync();
            catalog.Update(DevBrokerResource.Name, r => r with { State = ResourceState.Stopped, Health = "" });
            brokerLogs.Dispose();
        });
        if (broker.InspectionEndpoint is { } inspection)
        {
            state.Broker.Attach(inspection);
        }

        var services = await DemoServices.StartAsync(settings, connectionStrings, broker.Endpoint, dashboard.OtlpUrl, console, catalog, http, teardown, stop);
        return new LocalResources(dashboard, cluster, connectionStrings, broker, services);
    }

    /// <summary>A resource's start; its log goes with it if the start fails (once it runs, its stop disposes the log).</summary>
    private static async Task<T> StartedOrDisposedAsync<T>(ILoggerFactory logs, Func<Task<T>> start)
    {
        try
        {
            return await start();
        }
        catch
        {
            logs.Dispose();
            throw;
        }
    }
}
