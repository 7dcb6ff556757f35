using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// A message in a topic queue. <see cref="Message"/> is never changed after it is stored:
/// deliveries copy it and add their own fields.
/// </summary>
internal sealed record StoredMessage(string Topic, int QueueId, long Offset, ProtoMessage Message, DateTimeOffset StoredAt)
{
    public string MessageId => Message.SystemProperties.MessageId;

    public string? Tag => Message.SystemProperties.HasTag ? Message.SystemProperties.Tag : null;

    public int BodySize => Message.Body.Length;

    /// <summary>Where a dead letter came from; null for any other message.</summary>
    public DeadLetterOrigin? DeadLetter { get; init; }

    /// <summary>The journal sequence of the record that holds it (0 without a journal): its segment is kept while the message is.</summary>
    public long Sequence { get; init; }
}

/// <summary>What a dead letter was before: its group, topic and queue position, and how often it was delivered.</summary>
internal sealed record DeadLetterOrigin(string Group, string OriginalTopic, int SourceQueueId, long SourceOffset, int DeliveryAttempts, DateTimeOffset DeadLetteredAt);

/// <summary>Why a message entered a queue, besides a plain send: the transaction it commits, the delay it ends, the delivery it dead-letters.</summary>
internal readonly record struct StoreCause(string? EndsTransactionId = null, long DelayId = 0, DeadLetterOrigin? DeadLetter = null);
