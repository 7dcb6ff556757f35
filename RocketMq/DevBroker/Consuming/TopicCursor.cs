using PointsDemo.RocketMq.DevBroker.Storage;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>
/// One group's progress in one topic: the next offset per queue, messages due again (their
/// invisibility ended unacked), and the deliveries in flight with the time each becomes visible.
/// Not thread-safe: its <see cref="ConsumerGroupState"/> locks around it.
/// </summary>
internal sealed class TopicCursor(TopicLog topic)
{
    private readonly long[] _next = new long[topic.QueueCount];
    private readonly PriorityQueue<(int QueueId, long Offset, long DeliveryId), long> _expiries = new();
    private int _nextQueue;

    public TopicLog Topic { get; } = topic;

    /// <summary>Messages whose invisibility ended unacked, with their reconsume count already raised.</summary>
    public Queue<(StoredMessage Message, int ReconsumeTimes)> Due { get; } = new();

    public Dictionary<(int QueueId, long Offset), InFlight> InFlight { get; } = [];

    /// <summary>Messages never delivered to the group yet.</summary>
    public long Fresh => Enumerable.Range(0, _next.Length).Sum(q => Topic.EndOffset(q) - _next[q]);

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

        for (var i = 0; i < _next.Length; i++)
        {
            var queue = (_nextQueue + i) % _next.Length;
            if (_next[queue] < Topic.EndOffset(queue))
            {
                message = Topic.Read(queue, _next[queue]++);
                reconsumeTimes = 0;
                _nextQueue = (queue + 1) % _next.Length;
                return true;
            }
        }

        message = null!;
        reconsumeTimes = 0;
        return false;
    }

    public void Track(InFlight flight)
    {
        InFlight[(flight.Message.QueueId, flight.Message.Offset)] = flight;
        _expiries.Enqueue((flight.Message.QueueId, flight.Message.Offset, flight.DeliveryId), flight.VisibleAtMs);
    }
}

/// <summary>A delivery waiting for its ack, until <see cref="VisibleAtMs"/>.</summary>
internal sealed record InFlight(StoredMessage Message, int ReconsumeTimes, long DeliveryId, long VisibleAtMs);
