using PointsDemo.RocketMq.DevBroker.Storage;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>
/// A consumer group, as the broker's pop consumption keeps it: where the group is in each topic,
/// its deliveries in flight (each named by a receipt handle), redeliveries with the reconsume count
/// raised, and dead-lettering past the max attempts. New groups start at the beginning of each
/// queue. Thread-safe.
/// </summary>
internal sealed class ConsumerGroupState(string name, TopicStore topics)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TopicCursor> _cursors = new(StringComparer.Ordinal);
    private long _nextDeliveryId;
    private long _acked;
    private long _redelivered;
    private long _deadLettered;

    public string Name { get; } = name;

    /// <summary>
    /// Takes up to <paramref name="batchSize"/> messages for delivery. Messages whose tag does not
    /// match are passed over (acked, as the proxy does); messages already delivered
    /// <paramref name="maxAttempts"/> times go to the dead-letter topic instead.
    /// </summary>
    public PopResult Pop(TopicLog topic, TagFilter filter, int batchSize, long popTimeMs, long invisibleMs, int maxAttempts, string brokerName)
    {
        lock (_lock)
        {
            var cursor = CursorOf(topic);
            _redelivered += cursor.ExpireUntil(popTimeMs);
            var deliveries = new List<Delivery>();
            var deadLettered = new List<StoredMessage>();
            var passedOver = false;
            while (deliveries.Count < batchSize && cursor.TryTakeNext(out var message, out var reconsumeTimes))
            {
                if (!filter.Matches(message.Tag))
                {
                    passedOver = true;
                }
                else if (reconsumeTimes >= maxAttempts)
                {
                    deadLettered.Add(topics.DeadLetter(Name, message, reconsumeTimes));
                    _deadLettered++;
                    passedOver = true;
                }
                else
                {
                    var flight = new InFlight(message, reconsumeTimes, ++_nextDeliveryId, popTimeMs + invisibleMs);
                    cursor.Track(flight);
                    var handle = new ReceiptHandle(popTimeMs, invisibleMs, brokerName, message.QueueId, message.Offset, flight.DeliveryId);
                    deliveries.Add(new Delivery(message, reconsumeTimes + 1, handle));
                }
            }

            return new PopResult(deliveries, passedOver, cursor.NextVisibleAtMs(), deadLettered);
        }
    }

    /// <summary>Ends the delivery the handle names; false when it is not the current one (acked already, or superseded).</summary>
    public bool Ack(TopicLog topic, ReceiptHandle handle)
    {
        lock (_lock)
        {
            var cursor = CursorOf(topic);
            if (!cursor.InFlight.TryGetValue((handle.QueueId, handle.Offset), out var flight) || flight.DeliveryId != handle.DeliveryId)
            {
                return false;
            }

            cursor.InFlight.Remove((handle.QueueId, handle.Offset));
            _acked++;
            return true;
        }
    }

    /// <summary>
    /// Starts a new invisibility window from now for the delivery the handle names, without raising
    /// its reconsume count; null when the handle is not the current delivery.
    /// </summary>
    public ReceiptHandle? ChangeInvisibleDuration(TopicLog topic, ReceiptHandle handle, long nowMs, long invisibleMs)
    {
        lock (_lock)
        {
            var cursor = CursorOf(topic);
            if (!cursor.InFlight.TryGetValue((handle.QueueId, handle.Offset), out var flight) || flight.DeliveryId != handle.DeliveryId)
            {
                return null;
            }

            var renewed = flight with { DeliveryId = ++_nextDeliveryId, VisibleAtMs = nowMs + invisibleMs };
            cursor.Track(renewed);
            return handle with { PopTimeMs = nowMs, InvisibleMs = invisibleMs, DeliveryId = renewed.DeliveryId };
        }
    }

    /// <summary>Moves the delivery the handle names to the dead-letter topic at once (ForwardMessageToDeadLetterQueue).</summary>
    public StoredMessage? ForwardToDeadLetter(TopicLog topic, ReceiptHandle handle)
    {
        lock (_lock)
        {
            var cursor = CursorOf(topic);
            if (!cursor.InFlight.Remove((handle.QueueId, handle.Offset), out var flight))
            {
                return null;
            }

            _deadLettered++;
            return topics.DeadLetter(Name, flight.Message, flight.ReconsumeTimes + 1);
        }
    }

    public GroupCounts Counts(long nowMs)
    {
        lock (_lock)
        {
            var perTopic = _cursors.Values.ToDictionary(
                c => c.Topic.Name,
                c =>
                {
                    // Windows that ended but were not taken again yet count as ready, as they are.
                    var ended = c.InFlight.Values.Count(f => f.VisibleAtMs <= nowMs);
                    return new TopicCounts(c.Fresh + c.Due.Count + ended, c.InFlight.Count - ended);
                },
                StringComparer.Ordinal);
            return new GroupCounts(perTopic, _acked, _redelivered, _deadLettered);
        }
    }

    private TopicCursor CursorOf(TopicLog topic)
    {
        if (!_cursors.TryGetValue(topic.Name, out var cursor))
        {
            cursor = new TopicCursor(topic);
            _cursors[topic.Name] = cursor;
        }

        return cursor;
    }
}

/// <summary>One delivery: the message, its attempt (reconsume count + 1) and the handle that acks it.</summary>
internal sealed record Delivery(StoredMessage Message, int Attempt, ReceiptHandle Handle);

/// <summary>What a pop found; <see cref="PassedOver"/> when messages were filtered out or dead-lettered (the copies in <see cref="DeadLettered"/>).</summary>
internal sealed record PopResult(IReadOnlyList<Delivery> Deliveries, bool PassedOver, long? NextVisibleAtMs, IReadOnlyList<StoredMessage> DeadLettered);

internal sealed record TopicCounts(long Ready, long InFlight);

internal sealed record GroupCounts(IReadOnlyDictionary<string, TopicCounts> Topics, long Acked, long Redelivered, long DeadLettered);
