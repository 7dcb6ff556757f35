using System.Collections.Concurrent;
using PointsDemo.RocketMq.DevBroker.Storage.Journal;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// DELAY messages not due yet, as the broker's timer store holds them: no consumer sees one
/// before its delivery time, then it is stored in its queue. Each has a delay id, so the journal
/// can tell which accepted delays were already stored when the broker restarts.
/// </summary>
internal sealed class DelayedMessages(TopicStore topics, TimeProvider time, JournalWriter? journal)
{
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private long _lastDelayId;

    /// <summary>DELAY messages not due yet.</summary>
    public int Count => _pending.Count;

    public long? OldestSequence => _pending.IsEmpty ? null : _pending.Values.Min(p => p.Sequence);

    /// <summary>Holds the message until <paramref name="deliverAt"/>; a message already due is stored at once.</summary>
    /// <remarks><c>durable</c>: Completes once the message is on disk.</remarks>
    public void Add(TopicLog topic, ProtoMessage message, int queueId, DateTimeOffset deliverAt, out Task durable)
    {
        if (deliverAt <= time.GetUtcNow())
        {
            topics.Append(topic, message, queueId, out durable);
            return;
        }

        var delayId = Interlocked.Increment(ref _lastDelayId);
        var write = journal?.Append(Records.DelayAccepted(delayId, topic.Name, queueId, message, deliverAt, time.GetUtcNow())) ?? JournalWrite.None;
        durable = write.Durable;
        Arm(new Pending(delayId, topic, queueId, message, deliverAt, write.Sequence));
    }

    /// <summary>Takes back a delay the journal accepted (recovery); <see cref="Start"/> arms it.</summary>
    public void Restore(long delayId, TopicLog topic, int queueId, ProtoMessage message, DateTimeOffset deliverAt, long sequence)
    {
        _pending[delayId] = new Pending(delayId, topic, queueId, message, deliverAt, sequence);
        RaiseLastId(delayId);
    }

    /// <summary>Forgets a delay the journal shows stored (recovery).</summary>
    public void RestoreDone(long delayId) => _pending.TryRemove(delayId, out _);

    /// <summary>Delay ids continue after the highest one a checkpoint knew.</summary>
    public void RaiseLastId(long delayId)
    {
        if (delayId > Interlocked.Read(ref _lastDelayId))
        {
            Interlocked.Exchange(ref _lastDelayId, delayId);
        }
    }

    /// <summary>Arms the timers of the delays taken back from the journal.</summary>
    public void Start()
    {
        foreach (var pending in _pending.Values)
        {
            Arm(pending);
        }
    }

    /// <summary>Stops the timers of messages not due yet (without a journal they are dropped with the broker).</summary>
    public void Stop()
    {
        foreach (var pending in _pending.Values)
        {
            pending.Timer?.Dispose();
        }

        _pending.Clear();
    }

    private void Arm(Pending pending)
    {
        var due = pending.DeliverAt - time.GetUtcNow();
        // Armed only once registered, so the callback always finds (and removes) its own entry.
        pending.Timer = time.CreateTimer(_ => Deliver(pending), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _pending[pending.DelayId] = pending;
        pending.Timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Deliver(Pending pending)
    {
        // Stored before it leaves the pending set, so a segment clean-up never sees it in neither.
        if (_pending.ContainsKey(pending.DelayId))
        {
            topics.Append(pending.Topic, pending.Message, pending.QueueId, out _, new StoreCause(DelayId: pending.DelayId));
            _pending.TryRemove(pending.DelayId, out _);
            pending.Timer?.Dispose();
        }
    }

    private sealed record Pending(long DelayId, TopicLog Topic, int QueueId, ProtoMessage Message, DateTimeOffset DeliverAt, long Sequence)
    {
        public ITimer? Timer { get; set; }
    }
}
