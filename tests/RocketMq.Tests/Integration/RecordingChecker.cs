using System.Collections.Concurrent;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>A transaction checker that answers from a script (by check number, 1-based) and records what it was asked.</summary>
internal sealed class RecordingChecker(Func<int, TransactionResolution> answer) : ITransactionChecker
{
    private readonly TaskCompletionSource _firstCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _checks;

    public ConcurrentQueue<MessageView> Asked { get; } = new();

    public int Checks => Volatile.Read(ref _checks);

    public Task FirstCheck => _firstCheck.Task;

    public static RecordingChecker Always(TransactionResolution resolution) => new(_ => resolution);

    public Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken)
    {
        Asked.Enqueue(message);
        var check = Interlocked.Increment(ref _checks);
        _firstCheck.TrySetResult();
        return Task.FromResult(answer(check));
    }
}
