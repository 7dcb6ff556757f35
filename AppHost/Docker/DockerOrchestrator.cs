namespace PointsDemo.AppHost.Docker;

/// <summary>Docker mode (filled in below).</summary>
internal sealed class DockerOrchestrator(Orchestration.AppHostSettings settings, Dashboard.DashboardState state, Orchestration.ResourceConsole console)
{
    public Task<int> RunAsync(TimeSpan alreadyElapsed, CancellationToken stop)
    {
        _ = (settings, state, alreadyElapsed, stop);
        console.Warn("Docker mode is not available yet.");
        return Task.FromResult(2);
    }
}
