namespace PointsDemo.AppHost.Dashboard.Catalog;

/// <summary>Where a resource is in its life, as the resources page shows it.</summary>
internal enum ResourceState
{
    Waiting,
    Starting,
    Running,
    Stopping,
    Stopped,
    Exited,
    Failed,
}

/// <summary>
/// One resource (database, broker, service) as the dashboard shows it. <see cref="Health"/> is the
/// last health-check answer; <see cref="Restarts"/> counts restarts (the AppHost restarts nothing,
/// so a non-zero value would be a bug, and an exit shows as <see cref="ResourceState.Exited"/>).
/// </summary>
internal sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    string Health,
    IReadOnlyList<string> Urls,
    int? ProcessId = null,
    int? ExitCode = null,
    int Restarts = 0,
    DateTimeOffset? StartedAt = null,
    string? Detail = null);
