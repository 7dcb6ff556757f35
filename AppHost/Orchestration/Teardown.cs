namespace PointsDemo.AppHost.Orchestration;

/// <summary>
/// What was started, to be stopped in reverse order. Each stop runs even if an earlier one failed,
/// so one stubborn resource cannot leave the others running.
/// </summary>
internal sealed class Teardown(ResourceConsole console)
{
    private readonly Stack<(string Name, Func<Task> Stop)> _started = new();

    public void Add(string name, Func<Task> stop) => _started.Push((name, stop));

    public async Task RunAsync()
    {
        while (_started.TryPop(out var resource))
        {
            console.Say($"Stopping {resource.Name}...");
            try
            {
                await resource.Stop();
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Keep going: the remaining resources must still be stopped.
                console.Warn($"Stopping {resource.Name} failed: {error.Message}");
            }
        }
    }
}
