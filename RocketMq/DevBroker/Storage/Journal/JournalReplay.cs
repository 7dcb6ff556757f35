using Google.Protobuf.WellKnownTypes;
using PointsDemo.RocketMq.DevBroker.Transactions;

namespace PointsDemo.RocketMq.DevBroker.Storage.Journal;

/// <summary>
/// Applies journal records to the broker's state, without journaling them again. Records about
/// what is no longer known (a message whose segment retention deleted) change nothing.
/// </summary>
internal sealed class JournalReplay(BrokerState broker)
{
    public void ApplyCheckpoint(Checkpoint checkpoint)
    {
        foreach (var end in checkpoint.QueueEnds)
        {
            if (broker.Topics.FindOrMakeDeadLetterTopic(end.Topic) is { } topic && end.QueueId < topic.QueueCount)
            {
                topic.StartQueueAt(end.QueueId, end.End);
            }
        }

        foreach (var counters in checkpoint.Groups)
        {
            broker.Groups.GetOrCreate(counters.Group).Restore(g => g.Counters(counters));
        }

        foreach (var cursor in checkpoint.Cursors)
        {
            if (broker.Topics.FindOrMakeDeadLetterTopic(cursor.Topic) is { } topic && cursor.QueueId < topic.QueueCount)
            {
                broker.Groups.GetOrCreate(cursor.Group).Restore(g => g.Position(topic, cursor.QueueId, cursor.Next));
            }
        }

        broker.Halves.RaiseNextOffset(checkpoint.NextHalfOffset);
        broker.Topics.Delays.RaiseLastId(checkpoint.NextDelayId - 1);
    }

    public void Apply(JournalRecord record, long sequence)
    {
        switch (record.KindCase)
        {
            case JournalRecord.KindOneofCase.Stored:
                Stored(record.Stored, sequence);
                break;
            case JournalRecord.KindOneofCase.DelayAccepted:
                var delay = record.DelayAccepted;
                if (broker.Topics.Find(delay.Topic) is { } delayed)
                {
                    broker.Topics.Delays.Restore(delay.DelayId, delayed, delay.QueueId, delay.Message, DateTimeOffset.FromUnixTimeMilliseconds(delay.DeliverAtMs), sequence);
                }

                break;
            case JournalRecord.KindOneofCase.HalfStored:
                var half = record.HalfStored;
                broker.Halves.Restore(new HalfMessage(
                    half.TransactionId, half.Topic, half.QueueId, half.HalfOffset, half.Message, DateTimeOffset.FromUnixTimeMilliseconds(half.StoredAtMs),
                    half.HasRecoverySeconds ? TimeSpan.FromSeconds(half.RecoverySeconds) : null, sequence));
                break;
            case JournalRecord.KindOneofCase.HalfChecked:
                broker.Halves.RestoreChange(record.HalfChecked.TransactionId, h => h.ChecksSent = record.HalfChecked.Checks);
                break;
            case JournalRecord.KindOneofCase.HalfRolledBack:
                broker.Halves.RestoreChange(record.HalfRolledBack.TransactionId, _ => { }, remove: true);
                break;
            case JournalRecord.KindOneofCase.HalfParked:
                broker.Halves.RestoreChange(record.HalfParked.TransactionId, h => h.ParkedAt = DateTimeOffset.FromUnixTimeMilliseconds(record.AtMs), park: true);
                break;
            case JournalRecord.KindOneofCase.HalfResumed:
                broker.Halves.RestoreChange(record.HalfResumed.TransactionId, h => h.Resume(DateTimeOffset.FromUnixTimeMilliseconds(record.AtMs)), resume: true);
                break;
            case JournalRecord.KindOneofCase.Popped:
                var popped = record.Popped;
                WithGroup(popped.Group, popped.Topic, (group, topic) => group.Restore(g => g.Popped(topic, popped)));
                break;
            case JournalRecord.KindOneofCase.Acked:
                var acked = record.Acked;
                WithGroup(acked.Group, acked.Topic, (group, topic) => group.Restore(g => g.Acked(topic, acked)));
                break;
            case JournalRecord.KindOneofCase.InvisibilityChanged:
                var changed = record.InvisibilityChanged;
                WithGroup(changed.Group, changed.Topic, (group, topic) => group.Restore(g => g.InvisibilityChanged(topic, changed)));
                break;
        }
    }

    /// <summary>After the last record: topics let go of what every group passed.</summary>
    public void Finish()
    {
        foreach (var group in broker.Groups.All)
        {
            group.TrimAfterRecovery();
        }
    }

    private void Stored(MessageStored stored, long sequence)
    {
        if (broker.Topics.FindOrMakeDeadLetterTopic(stored.Topic) is not { } topic || stored.QueueId >= topic.QueueCount)
        {
            return;
        }

        var storedAt = DateTimeOffset.FromUnixTimeMilliseconds(stored.StoredAtMs);
        DeadLetterOrigin? origin = null;
        if (stored.DeadLetter is { } dead)
        {
            origin = new DeadLetterOrigin(dead.Group, dead.OriginalTopic, dead.SourceQueueId, dead.SourceOffset, dead.DeliveryAttempts, storedAt);
            WithGroup(dead.Group, dead.OriginalTopic, (group, original) => group.Restore(g => g.DeadLettered(original, dead)));
        }

        stored.Message.SystemProperties.StoreTimestamp ??= Timestamp.FromDateTimeOffset(storedAt);
        topic.Restore(new StoredMessage(topic.Name, stored.QueueId, stored.Offset, stored.Message, storedAt) { DeadLetter = origin, Sequence = sequence });
        if (stored.EndsTransactionId.Length > 0)
        {
            broker.Halves.RestoreChange(stored.EndsTransactionId, _ => { }, remove: true);
        }

        if (stored.DelayId != 0)
        {
            broker.Topics.Delays.RestoreDone(stored.DelayId);
        }
    }

    private void WithGroup(string group, string topicName, Action<Consuming.ConsumerGroupState, TopicLog> apply)
    {
        if (broker.Topics.FindOrMakeDeadLetterTopic(topicName) is { } topic)
        {
            apply(broker.Groups.GetOrCreate(group), topic);
        }
    }
}
