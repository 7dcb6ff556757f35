using System.Diagnostics;
using PointsDemo.AppHost.Dashboard;
using PointsDemo.AppHost.Docker;
using PointsDemo.LocalPostgres;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>Chooses the mode, checks that what it needs is installed, and runs the system until asked to stop.</summary>
internal static class AppHostRun
{
    public const string NothingToRunOn =
        "Neither a Docker engine (`docker info` failed) nor PostgreSQL server binaries were found, so the system has nowhere to run. Install one of them:\n" +
        "  - Docker Engine with the compose plugin (https://docs.docker.com/engine/install/), then run again (docker mode), or\n" +
        "  - PostgreSQL (Debian/Ubuntu: apt-get install -y postgresql), then run again (local mode); " +
        "or set " + PostgresBinaries.BinFolderVariable + " to a folder holding initdb, pg_ctl and postgres.";

    public static async Task<int> RunAsync(AppHostSettings settings, CancellationToken stop)
    {
        using var state = new DashboardState(new());
        var console = new ResourceConsole(state.Console, TimeProvider.System);
        var mode = await ChooseModeAsync(settings, console, stop);
        if (mode is null)
        {
            return 2;
        }

        console.Say($"Mode: {mode.Value.ToString().ToLowerInvariant()}.");
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        return mode == RunMode.Docker
            ? await new DockerOrchestrator(settings, state, console).RunAsync(sinceStart, stop)
            : await new LocalOrchestrator(settings, state, console).RunAsync(sinceStart, stop);
    }

    private static async Task<RunMode?> ChooseModeAsync(AppHostSettings settings, ResourceConsole console, CancellationToken stop)
    {
        var hasPostgres = PostgresBinaries.TryFind() is not null;
        switch (settings.Mode)
        {
            case RunMode.Local when !hasPostgres:
                console.Warn(new PostgresNotFoundException().Message);
                return null;
            case RunMode.Local:
                return RunMode.Local;
            case RunMode.Docker when !await CommandRunner.DockerAnswersAsync(stop):
                console.Warn("--mode docker, but no Docker engine answers `docker info`. Start Docker, or run with --mode local.");
                return null;
            case RunMode.Docker:
                return RunMode.Docker;
        }

        // Auto: Docker when an engine answers and there is a compose file to drive; local otherwise.
        if (File.Exists(settings.ComposeFile) && await CommandRunner.DockerAnswersAsync(stop))
        {
            return RunMode.Docker;
        }

        if (hasPostgres)
        {
            return RunMode.Local;
        }

        console.Warn(NothingToRunOn);
        return null;
    }
}
