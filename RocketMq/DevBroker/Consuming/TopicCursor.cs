using PointsDemo.RocketMq.DevBroker.Storage;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>
/// One group's progress in one topic: the next offset per queue, messages due again (their
/// invisibility ended unacked), and the deliveries in flight with the time each becomes visible.
/// The deliveries hold their messages, so the topic can let go of what every group has taken.
/// Not thread-safe: its <see cref="ConsumerGroupState"/> locks around it; only <see cref="NextOf"/>
/// is read from outside (by the topic, to trim), and positions only grow.
/// </summary>
internal sealed class TopicCursor
{
    private readonly long[] _next;
    private readonly bool[] _advanced;
    private readonly PriorityQueue<(int QueueId, long Offset, long DeliveryId), long> _expiries = new();
    private int _nextQueue;

    public TopicCursor(TopicLog topic)
    {
        Topic = topic;
        _next = new long[topic.QueueCount];
        _advanced = new bool[topic.QueueCount];
        topic.Attach(this);
    }

    public TopicLog Topic { get; }

    /// <summary>Messages whose invisibility ended unacked, with their reconsume count already raised.</summary>
    public Queue<(StoredMessage Message, int ReconsumeTimes)> Due { get; } = new();

    public Dictionary<(int QueueId, long Offset), InFlight> InFlight { get; } = [];

    /// <summary>Messages never delivered to the group yet.</summary>
    public long Fresh => Enumerable.Range(0, _next.Length).Sum(q => Math.Max(0, Topic.EndOffset(q) - NextOf(q)));

    public long NextOf(int queueId) => Volatile.Read(ref _next[queueId]);

    /// <summary>Moves the position forward to <paramref name="next"/> (never back).</summary>
    public void StartAt(int queueId, long next)
    {
        if (next > NextOf(queueId))
        {
            Volatile.Write(ref _next[queueId], next);
        }
    }

    /// <summary>Moves deliveries whose invisibility has ended to <see cref="Due"/>; returns how many.</summary>
    public int ExpireUntil(long nowMs)
    {
        var expired = 0;
        while (_expiries.TryPeek(out var key, out var visibleAt) && visibleAt <= nowMs)
        {
            _expiries.Dequeue();
            if (InFlight.TryGetValue((key.QueueId, key.Offset), out var flight) && flight.DeliveryId == key.DeliveryId)
            {
                InFlight.Remove((key.QueueId, key.Offset));
                Due.Enqueue((flight.Message, flight.ReconsumeTimes + 1));
                expired++;
            }
        }

        return expired;
    }

    /// <summary>When the next in-flight delivery becomes visible again, if any.</summary>
    public long? NextVisibleAtMs() => _expiries.TryPeek(out _, out var at) ? at : null;

    /// <summary>The next message to offer: one due again first, else a fresh one, queues taken in turn.</summary>
    public bool TryTakeNext(out StoredMessage message, out int reconsumeTimes)
    {
        if (Due.TryDequeue(out var due))
        {
            (message, reconsumeTimes) = due;
            return true;
        }

        reconsumeTimes = 0;
        for (var i = 0; i < _next.Length; i++)
        {
            var queue = (_nextQueue + i) % _next.Length;
            var next = NextOf(queue);
            var found = Topic.ReadNext(queue, ref next);
            if (next != NextOf(queue))
            {
                Volatile.Write(ref _next[queue], next);
                _advanced[queue] = true;
            }

            if (found is not null)
            {
                message = found;
                _nextQueue = (queue + 1) % _next.Length;
                return true;
            }
        }

        message = null!;
        return false;
    }

    /// <summary>The queues whose position moved since the last call, with their positions; the topic lets go of what all groups passed.</summary>
    public IReadOnlyList<(int QueueId, long Next)> TakeAdvanced()
    {
        List<(int, long)>? advanced = null;
        for (var queue = 0; queue < _advanced.Length; queue++)
        {
            if (_advanced[queue])
            {
                _advanced[queue] = false;
                (advanced ??= []).Add((queue, NextOf(queue)));
                Topic.TrimConsumed(queue);
            }
        }

        return advanced ?? (IReadOnlyList<(int, long)>)[];
    }

    public void Track(InFlight flight)
    {
        InFlight[(flight.Message.QueueId, flight.Message.Offset)] = flight;
        _expiries.Enqueue((flight.Message.QueueId, flight.Message.Offset, flight.DeliveryId), flight.VisibleAtMs);
    }

    /// <summary>The journal sequence of the oldest message this group still has in flight or due.</summary>
    public long? OldestSequence() =>
        InFlight.Values.Select(f => (long?)f.Message.Sequence).Concat(Due.Select(d => (long?)d.Message.Sequence)).Min();

    /// <summary>The message of a delivery in flight, or due again (recovery finds redelivered messages there).</summary>
    public StoredMessage? Holding(int queueId, long offset) =>
        InFlight.TryGetValue((queueId, offset), out var flight) ? flight.Message
        : Due.FirstOrDefault(d => d.Message.QueueId == queueId && d.Message.Offset == offset).Message;
}

/// <summary>A delivery waiting for its ack, until <see cref="VisibleAtMs"/>.</summary>
internal sealed record InFlight(StoredMessage Message, int ReconsumeTimes, long DeliveryId, long VisibleAtMs);
