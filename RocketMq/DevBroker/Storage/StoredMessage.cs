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

    /// <summary>Where a dead letter came from; null for any other message.</summary>
    public DeadLetterOrigin? DeadLetter { get; init; }
}

/// <summary>What a dead letter was before: its group, topic and how often it was delivered.</summary>
internal sealed record DeadLetterOrigin(string Group, string OriginalTopic, int DeliveryAttempts, DateTimeOffset DeadLetteredAt);
