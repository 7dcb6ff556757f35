namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// Wakes long polls when messages may have become available. A waiter takes <see cref="Next"/>
/// before looking, so a pulse between its look and its wait is never lost.
/// </summary>
internal sealed class ArrivalSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
