using Microsoft.Extensions.Logging;
using PointsDemo.AppHost.Dashboard;
using PointsDemo.AppHost.Orchestration;
using PointsDemo.AppHost.Resources;

namespace PointsDemo.Bench.Running;

/// <summary>
/// The system as the AppHost's local mode runs it, started from the AppHost's own resources: the
/// built-in dashboard (the services export their telemetry to it, as in local mode), a throwaway
/// PostgreSQL, the dev broker in this process, and both services as <c>dotnet &lt;dll&gt;</c>
/// processes with the same environment. Unlike the AppHost, the bench keeps the connection
/// strings, which it needs for the database ceiling and to see points arrive.
/// </summary>
internal sealed class LocalSystem : IAsyncDisposable
{
    private readonly DashboardState _state;
    private readonly Teardown _teardown;
    private readonly HttpClient _http;

    private LocalSystem(DashboardState state, Teardown teardown, HttpClient http, SystemUnderTest target)
    {
        _state = state;
        _teardown = teardown;
        _http = http;
        Target = target;
    }

    public SystemUnderTest Target { get; }

    /// <summary>Each resource's process: the services, PostgreSQL's postmaster, and this process (dev broker, dashboard, load).</summary>
    public ProcessCpu Cpu => new(new Dictionary<string, int>(_state.Resources.All
        .Where(r => r.ProcessId is not null && r.ProcessId != Environment.ProcessId)
        .Select(r => KeyValuePair.Create(r.Name, r.ProcessId!.Value)))
    {
        ["bench (+ broker, dashboard)"] = Environment.ProcessId,
    });

    /// <summary>Starts everything in dependency order; the resources' output goes to <paramref name="log"/>.</summary>
    public static async Task<LocalSystem> StartAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var state = new DashboardState(new());
        var console = new ResourceConsole(state.Console, TimeProvider.System, log);
        var teardown = new Teardown(console);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var catalog = state.Resources;
            foreach (var name in new[] { "dashboard", PostgresResource.Name, DevBrokerResource.Name, ServiceAssemblies.PointsService, ServiceAssemblies.UserService })
            {
                catalog.Declare(name, name);
            }

            var dashboardLogs = new ResourceLoggerProvider(console, "dashboard", LogLevel.Warning);
            var dashboard = await DashboardHost.StartAsync(new DashboardOptions { UiPort = 0, OtlpHttpPort = 0 }, state, dashboardLogs, cancellationToken);
            teardown.Add("dashboard", async () => await dashboard.DisposeAsync());

            var postgresLogs = ResourceLoggerProvider.FactoryFor(console, PostgresResource.Name, LogLevel.Warning);
            var (cluster, connectionStrings) = await PostgresResource.StartAsync(null, postgresLogs, catalog, cancellationToken);
            teardown.Add(PostgresResource.Name, () => PostgresResource.StopAsync(cluster, catalog));

            var brokerLogs = ResourceLoggerProvider.FactoryFor(console, DevBrokerResource.Name, LogLevel.Warning);
            var broker = await DevBrokerResource.StartAsync(0, brokerLogs, catalog, cancellationToken);
            teardown.Add(DevBrokerResource.Name, async () => await broker.DisposeAsync());

            // Free ports throughout, so a bench can run beside an AppHost on the usual ones.
            var settings = new AppHostSettings { UserServicePort = 0, PointsServicePort = 0, BrokerPort = 0, DashboardPort = 0, OtlpPort = 0 };
            var urls = await DemoServices.StartAsync(settings, connectionStrings, broker.Endpoint, dashboard.OtlpUrl, console, catalog, http, teardown, cancellationToken);

            var target = new SystemUnderTest(
                urls.UserService, connectionStrings["pointsdb"], connectionStrings["usersdb"], broker.InspectionEndpoint,
                $"local mode: PostgreSQL 127.0.0.1:{cluster.Port}, dev broker {broker.Endpoint} (in the bench's process), dashboard {dashboard.UiUrl}, services as processes");
            return new LocalSystem(state, teardown, http, target);
        }
        catch
        {
            await teardown.RunAsync();
            http.Dispose();
            state.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _teardown.RunAsync();
        _http.Dispose();
        _state.Dispose();
    }
}
