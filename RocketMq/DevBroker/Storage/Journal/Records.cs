using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage.Journal;

/// <summary>The journal records of the broker's changes, built where the change is made.</summary>
internal static class Records
{
    public static JournalRecord Stored(string topic, int queueId, long offset, ProtoMessage message, DateTimeOffset now, StoreCause cause)
    {
        var stored = new MessageStored
        {
            Topic = topic,
            QueueId = queueId,
            Offset = offset,
            Message = message,
            StoredAtMs = now.ToUnixTimeMilliseconds(),
            EndsTransactionId = cause.EndsTransactionId ?? "",
            DelayId = cause.DelayId,
        };
        if (cause.DeadLetter is { } origin)
        {
            stored.DeadLetter = new DeadLetter
            {
                Group = origin.Group,
                OriginalTopic = origin.OriginalTopic,
                SourceQueueId = origin.SourceQueueId,
                SourceOffset = origin.SourceOffset,
                DeliveryAttempts = origin.DeliveryAttempts,
            };
        }

        return At(now, r => r.Stored = stored);
    }

    public static JournalRecord DelayAccepted(long delayId, string topic, int queueId, ProtoMessage message, DateTimeOffset deliverAt, DateTimeOffset now) =>
        At(now, r => r.DelayAccepted = new DelayAccepted
        {
            DelayId = delayId, Topic = topic, QueueId = queueId, Message = message, DeliverAtMs = deliverAt.ToUnixTimeMilliseconds(),
        });

    public static JournalRecord HalfStored(string transactionId, string topic, int queueId, long halfOffset, ProtoMessage message, DateTimeOffset now, TimeSpan? recovery)
    {
        var half = new HalfStored
        {
            TransactionId = transactionId, Topic = topic, QueueId = queueId, HalfOffset = halfOffset, Message = message, StoredAtMs = now.ToUnixTimeMilliseconds(),
        };
        if (recovery is { } duration)
        {
            half.RecoverySeconds = (long)duration.TotalSeconds;
        }

        return At(now, r => r.HalfStored = half);
    }

    public static JournalRecord HalfChecked(string transactionId, int checks, DateTimeOffset now) =>
        At(now, r => r.HalfChecked = new HalfChecked { TransactionId = transactionId, Checks = checks });

    public static JournalRecord HalfRolledBack(string transactionId, DateTimeOffset now) =>
        At(now, r => r.HalfRolledBack = new HalfRolledBack { TransactionId = transactionId });

    public static JournalRecord HalfParked(string transactionId, DateTimeOffset now) =>
        At(now, r => r.HalfParked = new HalfParked { TransactionId = transactionId });

    public static JournalRecord HalfResumed(string transactionId, DateTimeOffset now) =>
        At(now, r => r.HalfResumed = new HalfResumed { TransactionId = transactionId });

    public static JournalRecord Acked(string group, string topic, int queueId, long offset, long deliveryId, DateTimeOffset now) =>
        At(now, r => r.Acked = new Acked { Group = group, Topic = topic, QueueId = queueId, Offset = offset, DeliveryId = deliveryId });

    public static JournalRecord InvisibilityChanged(string group, string topic, int queueId, long offset, long deliveryId, long visibleAtMs, DateTimeOffset now) =>
        At(now, r => r.InvisibilityChanged = new InvisibilityChanged
        {
            Group = group, Topic = topic, QueueId = queueId, Offset = offset, DeliveryId = deliveryId, VisibleAtMs = visibleAtMs,
        });

    public static JournalRecord Popped(Popped popped, DateTimeOffset now) => At(now, r => r.Popped = popped);

    public static JournalRecord Checkpoint(Checkpoint checkpoint, DateTimeOffset now) => At(now, r => r.Checkpoint = checkpoint);

    private static JournalRecord At(DateTimeOffset now, Action<JournalRecord> kind)
    {
        var record = new JournalRecord { AtMs = now.ToUnixTimeMilliseconds() };
        kind(record);
        return record;
    }
}
