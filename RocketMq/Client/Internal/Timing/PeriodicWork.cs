namespace PointsDemo.RocketMq.Internal.Timing;

/// <summary>
/// Runs background work on the client's clock: first after a delay, then again after the delay the
/// work returns (fixed delay, not fixed rate, so a slow run never piles up).
/// </summary>
internal static class PeriodicWork
{
    /// <param name="firstDelay">Wait before the first run.</param>
    /// <param name="work">One run; returns how long to wait before the next. Must handle its own failures.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    public static async Task RunAsync(TimeSpan firstDelay, Func<CancellationToken, Task<TimeSpan>> work, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var delay = firstDelay;
            while (true)
            {
                await Task.Delay(delay, time, cancellationToken);
                delay = await work(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
