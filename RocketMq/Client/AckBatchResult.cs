namespace PointsDemo.RocketMq;

/// <summary>
/// What became of each message of a batch ack (<see cref="SimpleConsumer.AckAsync(IReadOnlyList{MessageView}, CancellationToken)"/>):
/// the broker answers every entry on its own, so some may be acked and others refused.
/// </summary>
public sealed class AckBatchResult
{
    internal AckBatchResult(IReadOnlyList<MessageView> acked, IReadOnlyList<AckFailure> failures)
    {
        Acked = acked;
        Failures = failures;
    }

    /// <summary>The messages the broker acked: the group is done with them.</summary>
    public IReadOnlyList<MessageView> Acked { get; }

    /// <summary>The messages that were not acked, each with why; they come back after their invisible duration.</summary>
    public IReadOnlyList<AckFailure> Failures { get; }

    /// <summary>True when every message of the batch was acked.</summary>
    public bool AllAcked => Failures.Count == 0;
}

/// <summary>A message of a batch ack that was not acked.</summary>
/// <param name="Message">The message.</param>
/// <param name="Exception">
/// Why: the entry's own status (e.g. a <see cref="BadRequestException"/> for an expired receipt
/// handle), or the failure of the whole request it travelled in (e.g. a
/// <see cref="BrokerUnavailableException"/>).
/// </param>
public sealed record AckFailure(MessageView Message, RocketMqException Exception);
