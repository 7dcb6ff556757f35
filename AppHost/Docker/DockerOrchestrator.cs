using System.Security.Cryptography;
using PointsDemo.AppHost.Dashboard;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Orchestration;
using PointsDemo.AppHost.Resources;
using PointsDemo.LocalPostgres;

namespace PointsDemo.AppHost.Docker;

/// <summary>
/// Docker mode: PostgreSQL, RocketMQ (name server, broker with the gRPC proxy, topic init) and the
/// Aspire dashboard from docker-compose.yml; the services run on the host exactly as in local mode,
/// pointed at the containers' published ports. Ctrl+C stops the services, then <c>compose down</c>.
/// </summary>
internal sealed class DockerOrchestrator(AppHostSettings settings, DashboardState state, ResourceConsole console)
{
    private static readonly TimeSpan ComposeTimeout = TimeSpan.FromMinutes(5);

    public async Task<int> RunAsync(TimeSpan alreadyElapsed, CancellationToken stop)
    {
        if (!File.Exists(settings.ComposeFile))
        {
            console.Warn($"Docker mode drives {settings.ComposeFile}, which does not exist here. Run from the repository root, or use --mode local.");
            return 2;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var catalog = state.Resources;
        var teardown = new Teardown(console);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var cli = (await RunAsync(ComposeCommands.PluginProbe, stop)).Succeeded ? ComposeCli.Plugin : ComposeCli.Standalone;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        catalog.Declare("containers", "docker compose", [.. ComposeCommands.Infrastructure]);
        catalog.Declare(ServiceAssemblies.PointsService, "Project");
        catalog.Declare(ServiceAssemblies.UserService, "Project");
        try
        {
            teardown.Add("containers", () => MustSucceedAsync(ComposeCommands.Down(cli, settings.ComposeFile, password), CancellationToken.None));
            await MustSucceedAsync(ComposeCommands.Up(cli, settings.ComposeFile, password), stop);
            await MustSucceedAsync(ComposeCommands.InitTopics(cli, settings.ComposeFile, password), stop);
            catalog.Update("containers", r => r with { State = ResourceState.Running, Health = "Healthy", StartedAt = DateTimeOffset.UtcNow });

            var server = DockerEndpoints.PostgresServer(password);
            var connectionStrings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var database in PostgresResource.Databases)
            {
                connectionStrings[database] = await PostgresAdmin.CreateDatabaseAsync(server, database, stop);
            }

            var urls = await DemoServices.StartAsync(settings, connectionStrings, DockerEndpoints.RocketMq, DockerEndpoints.OtlpHttp, console, catalog, http, teardown, stop);

            console.WriteBlock(SummaryTable.Render(
                new SystemSummary(urls.UserService, urls.PointsService, DockerEndpoints.Dashboard, DockerEndpoints.RocketMq, $"127.0.0.1:{DockerEndpoints.PostgresPort} (usersdb, pointsdb), container"),
                alreadyElapsed + clock.Elapsed));
            await Task.Delay(Timeout.Infinite, stop);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception error) when (error is ResourceFailedException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            console.Warn($"The system could not start: {error.Message}");
            return 1;
        }
        finally
        {
            await teardown.RunAsync();
            console.Say("Stopped.");
        }
    }

    private async Task<CommandResult> RunAsync(ComposeCommand command, CancellationToken cancellationToken)
    {
        console.Say($"$ {command}");
        var result = await CommandRunner.RunAsync(command.Program, command.Arguments, ComposeTimeout, cancellationToken, command.Environment);
        foreach (var line in (result.Output + result.Errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            console.Write("containers", line, isError: !result.Succeeded);
        }

        return result;
    }

    private async Task MustSucceedAsync(ComposeCommand command, CancellationToken cancellationToken)
    {
        var result = await RunAsync(command, cancellationToken);
        if (!result.Succeeded)
        {
            throw new ResourceFailedException($"`{command}` failed with exit code {result.ExitCode}.");
        }
    }
}
