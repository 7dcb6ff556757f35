using Microsoft.Extensions.Logging;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// Keeps memory and disk bounded, once per <see cref="Interval"/>: lets go of messages (and parked
/// half messages) older than the retention time, as RocketMQ's <c>fileReservedTime</c> does, then
/// asks the journal to delete the segments nothing live needs any more. What is live is read
/// queues first, groups second, so a message moving from a queue to a group's hands is seen in one
/// of them; anything journaled while the pass runs is above the sequence read before it.
/// </summary>
internal sealed class StorageCleanup(BrokerState broker, ILogger logger) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = RunAsync(_stop.Token);

    public void RunPass()
    {
        var cutoff = broker.Time.GetUtcNow() - broker.Options.RetentionTime;
        broker.Topics.TrimStoredBefore(cutoff);
        broker.Halves.DropParkedBefore(cutoff);
        if (broker.Journal is not { } journal)
        {
            return;
        }

        var floor = journal.NextSequence;
        var topics = broker.Topics.OldestSequence;
        var groups = broker.Groups.OldestSequence;
        var halves = broker.Halves.OldestSequence;
        journal.RequestCleanup(new long?[] { floor, topics, groups, halves }.Min() ?? floor, cutoff);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, broker.Time, cancellationToken);
                RunPass();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed pass must not end the clean-up.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                BrokerLog.CleanupFailed(logger, exception);
            }
        }
    }
}
