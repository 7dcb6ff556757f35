using PointsDemo.RocketMq.DevBroker.Diagnostics;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Storage.Journal;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>
/// A consumer group, as the broker's pop consumption keeps it: where the group is in each topic,
/// its deliveries in flight (each named by a receipt handle), redeliveries with the reconsume count
/// raised, and dead-lettering past the max attempts. New groups start at the oldest message each
/// queue holds. Each change is journaled under the group's lock, in the order it is made.
/// Thread-safe.
/// </summary>
internal sealed class ConsumerGroupState(string name, TopicStore topics, JournalWriter? journal, TimeProvider time, BrokerMetrics metrics)
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
            var redelivered = cursor.ExpireUntil(popTimeMs);
            _redelivered += redelivered;
            metrics.Redelivered(topic.Name, Name, redelivered);
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
                    deadLettered.Add(topics.DeadLetter(Name, message, reconsumeTimes, out _));
                    _deadLettered++;
                    metrics.DeadLettered(topic.Name, Name);
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

            var advanced = cursor.TakeAdvanced();
            var durable = journal is null || (advanced.Count == 0 && deliveries.Count == 0 && redelivered == 0)
                ? Task.CompletedTask
                : journal.Append(Records.Popped(PoppedRecord(topic, advanced, deliveries, redelivered, popTimeMs + invisibleMs), time.GetUtcNow())).Durable;
            return new PopResult(deliveries, passedOver, cursor.NextVisibleAtMs(), deadLettered, durable);
        }
    }

    /// <summary>Ends the delivery the handle names; false when it is not the current one (acked already, or superseded).</summary>
    /// <remarks><c>durable</c>: Completes once the ack is on disk.</remarks>
    public bool Ack(TopicLog topic, ReceiptHandle handle, out Task durable)
    {
        lock (_lock)
        {
            durable = Task.CompletedTask;
            var cursor = CursorOf(topic);
            if (!cursor.InFlight.TryGetValue((handle.QueueId, handle.Offset), out var flight) || flight.DeliveryId != handle.DeliveryId)
            {
                return false;
            }

            cursor.InFlight.Remove((handle.QueueId, handle.Offset));
            _acked++;
            durable = journal?.Append(Records.Acked(Name, topic.Name, handle.QueueId, handle.Offset, handle.DeliveryId, time.GetUtcNow())).Durable ?? Task.CompletedTask;
            return true;
        }
    }

    /// <summary>
    /// Starts a new invisibility window from now for the delivery the handle names, without raising
    /// its reconsume count; null when the handle is not the current delivery.
    /// </summary>
    /// <remarks><c>durable</c>: Completes once the change is on disk.</remarks>
    public ReceiptHandle? ChangeInvisibleDuration(TopicLog topic, ReceiptHandle handle, long nowMs, long invisibleMs, out Task durable)
    {
        lock (_lock)
        {
            durable = Task.CompletedTask;
            var cursor = CursorOf(topic);
            if (!cursor.InFlight.TryGetValue((handle.QueueId, handle.Offset), out var flight) || flight.DeliveryId != handle.DeliveryId)
            {
                return null;
            }

            var renewed = flight with { DeliveryId = ++_nextDeliveryId, VisibleAtMs = nowMs + invisibleMs };
            cursor.Track(renewed);
            durable = journal?.Append(Records.InvisibilityChanged(
                Name, topic.Name, handle.QueueId, handle.Offset, renewed.DeliveryId, renewed.VisibleAtMs, time.GetUtcNow())).Durable ?? Task.CompletedTask;
            return handle with { PopTimeMs = nowMs, InvisibleMs = invisibleMs, DeliveryId = renewed.DeliveryId };
        }
    }

    /// <summary>Moves the delivery the handle names to the dead-letter topic at once (ForwardMessageToDeadLetterQueue).</summary>
    /// <remarks><c>durable</c>: Completes once the move is on disk.</remarks>
    public StoredMessage? ForwardToDeadLetter(TopicLog topic, ReceiptHandle handle, out Task durable)
    {
        lock (_lock)
        {
            durable = Task.CompletedTask;
            var cursor = CursorOf(topic);
            if (!cursor.InFlight.Remove((handle.QueueId, handle.Offset), out var flight))
            {
                return null;
            }

            _deadLettered++;
            metrics.DeadLettered(topic.Name, Name);
            return topics.DeadLetter(Name, flight.Message, flight.ReconsumeTimes + 1, out durable);
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

    /// <summary>The journal sequence of the oldest message the group holds in flight or due.</summary>
    public long? OldestSequence()
    {
        lock (_lock)
        {
            return _cursors.Values.Select(c => c.OldestSequence()).Min();
        }
    }

    /// <summary>Recovery: applies a checkpoint's counters and position, or a journal record about this group.</summary>
    public void Restore(Action<RestoreContext> change)
    {
        lock (_lock)
        {
            change(new RestoreContext(this));
        }
    }

    /// <summary>After recovery: each topic lets go of what this group (and every other) has passed.</summary>
    public void TrimAfterRecovery()
    {
        lock (_lock)
        {
            foreach (var cursor in _cursors.Values)
            {
                for (var queue = 0; queue < cursor.Topic.QueueCount; queue++)
                {
                    cursor.Topic.TrimConsumed(queue);
                }
            }
        }
    }

    private Popped PoppedRecord(TopicLog topic, IReadOnlyList<(int QueueId, long Next)> advanced, List<Delivery> deliveries, int redelivered, long visibleAtMs)
    {
        var popped = new Popped { Group = Name, Topic = topic.Name, Redelivered = redelivered };
        popped.Positions.AddRange(advanced.Select(a => new QueuePosition { QueueId = a.QueueId, Next = a.Next }));
        popped.Deliveries.AddRange(deliveries.Select(d => new Storage.Journal.Delivery
        {
            QueueId = d.Message.QueueId,
            Offset = d.Message.Offset,
            DeliveryId = d.Handle.DeliveryId,
            VisibleAtMs = visibleAtMs,
            ReconsumeTimes = d.Attempt - 1,
        }));
        return popped;
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

    /// <summary>What recovery may change in a group, under its lock.</summary>
    internal readonly struct RestoreContext(ConsumerGroupState group)
    {
        public void Counters(GroupCounters counters)
        {
            group._nextDeliveryId = Math.Max(group._nextDeliveryId, counters.LastDeliveryId);
            group._acked = counters.Acked;
            group._redelivered = counters.Redelivered;
            group._deadLettered = counters.DeadLettered;
        }

        public void Position(TopicLog topic, int queueId, long next) => group.CursorOf(topic).StartAt(queueId, next);

        public void Popped(TopicLog topic, Popped popped)
        {
            var cursor = group.CursorOf(topic);
            foreach (var position in popped.Positions.Where(p => p.QueueId < topic.QueueCount))
            {
                cursor.StartAt(position.QueueId, position.Next);
            }

            group._redelivered += popped.Redelivered;
            foreach (var delivery in popped.Deliveries.Where(d => d.QueueId < topic.QueueCount))
            {
                // A first delivery finds its message in the queue; a redelivery, in the group's own hands.
                var message = cursor.Holding(delivery.QueueId, delivery.Offset) ?? topic.Read(delivery.QueueId, delivery.Offset);
                group._nextDeliveryId = Math.Max(group._nextDeliveryId, delivery.DeliveryId);
                if (message is not null)
                {
                    cursor.Track(new InFlight(message, delivery.ReconsumeTimes, delivery.DeliveryId, delivery.VisibleAtMs));
                }
            }
        }

        public void Acked(TopicLog topic, Acked acked)
        {
            var cursor = group.CursorOf(topic);
            if (cursor.InFlight.TryGetValue((acked.QueueId, acked.Offset), out var flight) && flight.DeliveryId == acked.DeliveryId)
            {
                cursor.InFlight.Remove((acked.QueueId, acked.Offset));
            }

            group._acked++;
        }

        public void InvisibilityChanged(TopicLog topic, InvisibilityChanged changed)
        {
            var cursor = group.CursorOf(topic);
            group._nextDeliveryId = Math.Max(group._nextDeliveryId, changed.DeliveryId);
            if (cursor.InFlight.TryGetValue((changed.QueueId, changed.Offset), out var flight))
            {
                cursor.Track(flight with { DeliveryId = changed.DeliveryId, VisibleAtMs = changed.VisibleAtMs });
            }
        }

        /// <summary>The group gave the delivery up: it went to the dead-letter topic.</summary>
        public void DeadLettered(TopicLog topic, DeadLetter dead)
        {
            group.CursorOf(topic).InFlight.Remove((dead.SourceQueueId, dead.SourceOffset));
            group._deadLettered++;
        }
    }
}

/// <summary>One delivery: the message, its attempt (reconsume count + 1) and the handle that acks it.</summary>
internal sealed record Delivery(StoredMessage Message, int Attempt, ReceiptHandle Handle);

/// <summary>
/// What a pop found; <see cref="PassedOver"/> when messages were filtered out or dead-lettered (the
/// copies in <see cref="DeadLettered"/>). <see cref="Durable"/> completes once it is on disk.
/// </summary>
internal sealed record PopResult(IReadOnlyList<Delivery> Deliveries, bool PassedOver, long? NextVisibleAtMs, IReadOnlyList<StoredMessage> DeadLettered, Task Durable);

internal sealed record TopicCounts(long Ready, long InFlight);

internal sealed record GroupCounts(IReadOnlyDictionary<string, TopicCounts> Topics, long Acked, long Redelivered, long DeadLettered);
