using PointsDemo.AppHost.Dashboard;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Resources;
using PointsDemo.LocalPostgres;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>
/// Local mode, in dependency order with health waits: dashboard (first, so no early telemetry is
/// lost) → PostgreSQL and its databases → dev broker → PointsService → UserService. Runs until
/// <c>stop</c> fires, then stops everything in reverse order.
/// </summary>
internal sealed class LocalOrchestrator(AppHostSettings settings, DashboardState state, ResourceConsole console)
{
    public async Task<int> RunAsync(TimeSpan alreadyElapsed, CancellationToken stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var catalog = state.Resources;
        var teardown = new Teardown(console);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var postgresLogs = ResourceLoggerProvider.FactoryFor(console, PostgresResource.Name);
        using var brokerLogs = ResourceLoggerProvider.FactoryFor(console, DevBrokerResource.Name, LogLevel.Warning);
        using var dashboardLogs = new ResourceLoggerProvider(console, "dashboard", LogLevel.Warning);
        catalog.Declare("dashboard", "Dashboard");
        catalog.Declare(PostgresResource.Name, "PostgreSQL (local binaries)");
        catalog.Declare(DevBrokerResource.Name, "RocketMQ dev broker");
        catalog.Declare(ServiceAssemblies.PointsService, "Project");
        catalog.Declare(ServiceAssemblies.UserService, "Project");
        try
        {
            console.Say("Starting the dashboard...");
            var dashboard = await DashboardHost.StartAsync(
                new DashboardOptions { UiPort = settings.DashboardPort, OtlpHttpPort = settings.OtlpPort }, state, dashboardLogs, stop);
            teardown.Add("dashboard", async () => await dashboard.DisposeAsync());
            catalog.Update("dashboard", r => r with
            {
                State = ResourceState.Running, Health = "Healthy", ProcessId = Environment.ProcessId, StartedAt = DateTimeOffset.UtcNow,
                Urls = [dashboard.UiUrl.AbsoluteUri, $"{dashboard.OtlpUrl.AbsoluteUri} (OTLP/HTTP)"], Detail = "in-process",
            });

            console.Say("Starting PostgreSQL...");
            var (cluster, connectionStrings) = await PostgresResource.StartAsync(settings.DataFolder, postgresLogs, catalog, stop);
            teardown.Add(PostgresResource.Name, () => PostgresResource.StopAsync(cluster, catalog));

            console.Say("Starting the RocketMQ dev broker...");
            var broker = await DevBrokerResource.StartAsync(ServicePorts.Choose(settings.BrokerPort), brokerLogs, catalog, stop);
            teardown.Add(DevBrokerResource.Name, async () =>
            {
                await broker.DisposeAsync();
                catalog.Update(DevBrokerResource.Name, r => r with { State = ResourceState.Stopped, Health = "" });
            });
            if (broker.InspectionEndpoint is { } inspection)
            {
                state.Broker.Attach(inspection);
            }

            var urls = await DemoServices.StartAsync(settings, connectionStrings, broker.Endpoint, dashboard.OtlpUrl, console, catalog, http, teardown, stop);

            console.WriteBlock(SummaryTable.Render(
                new SystemSummary(urls.UserService, urls.PointsService, dashboard.UiUrl, broker.Endpoint, $"127.0.0.1:{cluster.Port} (usersdb, pointsdb), data in {cluster.Folder}"),
                alreadyElapsed + clock.Elapsed));
            await Task.Delay(Timeout.Infinite, stop);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (PostgresNotFoundException error)
        {
            console.Warn(error.Message);
            return 2;
        }
        catch (Exception error) when (error is ResourceFailedException or TimeoutException or InvalidOperationException or IOException)
        {
            console.Warn($"The system could not start: {error.Message}");
            return 1;
        }
        finally
        {
            console.Say("Stopping everything in reverse order...");
            await teardown.RunAsync();
            console.Say("Stopped.");
        }
    }
}
