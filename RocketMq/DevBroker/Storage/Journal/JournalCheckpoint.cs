namespace PointsDemo.RocketMq.DevBroker.Storage.Journal;

/// <summary>
/// The positions and counters a segment's checkpoint carries, kept by following the records in
/// the order they are written: queue ends, group positions, the last delivery id and the counts of
/// each group, the next half offset and delay id. Following the written records rather than the
/// live state makes the checkpoint exactly "everything before it", whatever other requests are doing.
/// Used by one thread at a time (the writer, or the recovery before it).
/// </summary>
internal sealed class JournalCheckpoint
{
    private readonly Dictionary<(string Topic, int QueueId), long> _queueEnds = [];
    private readonly Dictionary<(string Group, string Topic, int QueueId), long> _cursors = [];
    private readonly Dictionary<string, GroupCounters> _groups = new(StringComparer.Ordinal);
    private long _nextHalfOffset;
    private long _nextDelayId;

    /// <summary>Starts from a segment's checkpoint.</summary>
    public void Load(Checkpoint checkpoint)
    {
        foreach (var end in checkpoint.QueueEnds)
        {
            _queueEnds[(end.Topic, end.QueueId)] = end.End;
        }

        foreach (var cursor in checkpoint.Cursors)
        {
            _cursors[(cursor.Group, cursor.Topic, cursor.QueueId)] = cursor.Next;
        }

        foreach (var group in checkpoint.Groups)
        {
            _groups[group.Group] = group.Clone();
        }

        _nextHalfOffset = Math.Max(_nextHalfOffset, checkpoint.NextHalfOffset);
        _nextDelayId = Math.Max(_nextDelayId, checkpoint.NextDelayId);
    }

    public void Observe(JournalRecord record)
    {
        switch (record.KindCase)
        {
            case JournalRecord.KindOneofCase.Stored:
                var stored = record.Stored;
                Raise(_queueEnds, (stored.Topic, stored.QueueId), stored.Offset + 1);
                if (stored.DeadLetter is { } dead)
                {
                    Group(dead.Group).DeadLettered++;
                }

                break;
            case JournalRecord.KindOneofCase.DelayAccepted:
                _nextDelayId = Math.Max(_nextDelayId, record.DelayAccepted.DelayId + 1);
                break;
            case JournalRecord.KindOneofCase.HalfStored:
                _nextHalfOffset = Math.Max(_nextHalfOffset, record.HalfStored.HalfOffset + 1);
                break;
            case JournalRecord.KindOneofCase.Popped:
                var popped = record.Popped;
                foreach (var position in popped.Positions)
                {
                    Raise(_cursors, (popped.Group, popped.Topic, position.QueueId), position.Next);
                }

                var counters = Group(popped.Group);
                counters.Redelivered += popped.Redelivered;
                foreach (var delivery in popped.Deliveries)
                {
                    counters.LastDeliveryId = Math.Max(counters.LastDeliveryId, delivery.DeliveryId);
                }

                break;
            case JournalRecord.KindOneofCase.Acked:
                Group(record.Acked.Group).Acked++;
                break;
            case JournalRecord.KindOneofCase.InvisibilityChanged:
                var changed = Group(record.InvisibilityChanged.Group);
                changed.LastDeliveryId = Math.Max(changed.LastDeliveryId, record.InvisibilityChanged.DeliveryId);
                break;
        }
    }

    public Checkpoint ToRecord()
    {
        var checkpoint = new Checkpoint { NextHalfOffset = _nextHalfOffset, NextDelayId = _nextDelayId };
        checkpoint.QueueEnds.AddRange(_queueEnds.Select(e => new QueueEnd { Topic = e.Key.Topic, QueueId = e.Key.QueueId, End = e.Value }));
        checkpoint.Cursors.AddRange(_cursors.Select(c => new CursorPosition { Group = c.Key.Group, Topic = c.Key.Topic, QueueId = c.Key.QueueId, Next = c.Value }));
        checkpoint.Groups.AddRange(_groups.Values.Select(g => g.Clone()));
        return checkpoint;
    }

    private GroupCounters Group(string name)
    {
        if (!_groups.TryGetValue(name, out var counters))
        {
            counters = new GroupCounters { Group = name };
            _groups[name] = counters;
        }

        return counters;
    }

    private static void Raise<TKey>(Dictionary<TKey, long> values, TKey key, long value)
        where TKey : notnull
    {
        if (!values.TryGetValue(key, out var current) || current < value)
        {
            values[key] = value;
        }
    }
}
