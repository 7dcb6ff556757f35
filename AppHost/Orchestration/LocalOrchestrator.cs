using PointsDemo.AppHost.Dashboard;
using PointsDemo.LocalPostgres;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>
/// Local mode: starts <see cref="LocalResources"/>, prints where everything is, runs until
/// <c>stop</c> fires, then stops everything in reverse order.
/// </summary>
internal sealed class LocalOrchestrator(AppHostSettings settings, DashboardState state, ResourceConsole console)
{
    public async Task<int> RunAsync(TimeSpan alreadyElapsed, CancellationToken stop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var teardown = new Teardown(console);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var local = await LocalResources.StartAsync(settings, state, console, teardown, http, LogLevel.Information, stop);

            console.WriteBlock(SummaryTable.Render(
                new SystemSummary(
                    local.Services.UserService, local.Services.PointsService, local.Dashboard.UiUrl, local.Broker.Endpoint,
                    $"127.0.0.1:{local.Cluster.Port} (usersdb, pointsdb), data in {local.Cluster.Folder}"),
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
