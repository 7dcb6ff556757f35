using Google.Protobuf.WellKnownTypes;
using PointsDemo.RocketMq.DevBroker.Consuming;
using PointsDemo.RocketMq.DevBroker.Storage.Journal;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// One topic's queues, addressed by queue id and offset. Each group reading the topic keeps its
/// own position (<see cref="TopicCursor"/>); a queue lets go of the messages every such group has
/// taken, so once acked a message's payload is held nowhere. With no group reading the topic yet,
/// everything waits for one. Thread-safe.
/// </summary>
internal sealed class TopicLog
{
    private readonly Lock _lock = new();
    private readonly QueueLog[] _queues;
    private readonly List<TopicCursor> _cursors = [];
    private readonly Func<string> _storeHost;
    private readonly JournalWriter? _journal;
    private int _nextQueue = -1;

    public TopicLog(TopicDefinition definition, Func<string> storeHost, JournalWriter? journal)
    {
        Definition = definition;
        _storeHost = storeHost;
        _journal = journal;
        _queues = [.. Enumerable.Range(0, definition.QueueCount).Select(_ => new QueueLog())];
    }

    public TopicDefinition Definition { get; }

    public string Name => Definition.Name;

    public int QueueCount => _queues.Length;

    /// <summary>Every message ever stored in the topic (the sum of the queues' end offsets).</summary>
    public long Stored => Locked(() => _queues.Sum(q => q.End));

    /// <summary>The messages (and their body bytes) the topic still holds: not yet taken by every group reading it.</summary>
    public (long Messages, long Bytes) Retained => Locked(() => (_queues.Sum(q => q.Retained), _queues.Sum(q => q.RetainedBytes)));

    /// <summary>The journal sequence of the oldest message held; null when none is.</summary>
    public long? OldestSequence => Locked(() => _queues.Select(q => q.OldestSequence).Min());

    /// <summary>The proxy's queue choice: a hash of the message group for FIFO messages, else round robin.</summary>
    public int SelectQueue(string? messageGroup) =>
        string.IsNullOrEmpty(messageGroup)
            ? (int)((uint)Interlocked.Increment(ref _nextQueue) % (uint)_queues.Length)
            : (int)((uint)StringComparer.Ordinal.GetHashCode(messageGroup) % (uint)_queues.Length);

    /// <summary>
    /// Stores a copy of the message with the broker's fields (store time and host, queue and offset).
    /// With a journal, its record is queued in the same lock that gives the offset, so the journal
    /// holds a queue's messages in offset order and before any delivery of them.
    /// </summary>
    /// <remarks><c>durable</c>: Completes once the record is on disk (at once without a journal).</remarks>
    public StoredMessage Append(ProtoMessage message, int queueId, DateTimeOffset now, StoreCause cause, out Task durable)
    {
        var copy = message.Clone();
        copy.Topic = new Apache.Rocketmq.V2.Resource { ResourceNamespace = message.Topic?.ResourceNamespace ?? "", Name = Name };
        var system = copy.SystemProperties;
        system.StoreTimestamp = Timestamp.FromDateTimeOffset(now);
        system.StoreHost = _storeHost();
        system.QueueId = queueId;
        lock (_lock)
        {
            var queue = _queues[queueId];
            var offset = queue.End;
            system.QueueOffset = offset;
            var write = _journal?.Append(Records.Stored(Name, queueId, offset, copy, now, cause)) ?? JournalWrite.None;
            durable = write.Durable;
            var stored = new StoredMessage(Name, queueId, offset, copy, now) { DeadLetter = cause.DeadLetter, Sequence = write.Sequence };
            queue.Add(stored);
            return stored;
        }
    }

    /// <summary>Puts back a message the journal holds (recovery).</summary>
    public void Restore(StoredMessage message)
    {
        lock (_lock)
        {
            _queues[message.QueueId].Add(message);
        }
    }

    /// <summary>Starts an empty queue at a checkpoint's end offset (recovery).</summary>
    public void StartQueueAt(int queueId, long end)
    {
        lock (_lock)
        {
            _queues[queueId].StartAt(end);
        }
    }

    public long EndOffset(int queueId)
    {
        lock (_lock)
        {
            return _queues[queueId].End;
        }
    }

    public long BaseOffset(int queueId)
    {
        lock (_lock)
        {
            return _queues[queueId].Base;
        }
    }

    /// <summary>The message at the offset; null when the queue no longer (or never) held it.</summary>
    public StoredMessage? Read(int queueId, long offset)
    {
        lock (_lock)
        {
            return _queues[queueId].Read(offset);
        }
    }

    /// <summary>
    /// The first message held at or after <paramref name="next"/>, which moves past it; below the
    /// queue's oldest message held (retention let go of some), reading starts there. Null at the end.
    /// </summary>
    public StoredMessage? ReadNext(int queueId, ref long next)
    {
        lock (_lock)
        {
            var queue = _queues[queueId];
            next = Math.Max(next, queue.Base);
            while (next < queue.End)
            {
                if (queue.Read(next++) is { } message)
                {
                    return message;
                }
            }

            return null;
        }
    }

    public IReadOnlyList<StoredMessage> All() => Locked(() => _queues.SelectMany(q => q.All()).OrderBy(m => m.StoredAt).ToArray());

    /// <summary>Starts following a group's position; a new group starts at each queue's oldest message held.</summary>
    public void Attach(TopicCursor cursor)
    {
        lock (_lock)
        {
            for (var queueId = 0; queueId < _queues.Length; queueId++)
            {
                cursor.StartAt(queueId, _queues[queueId].Base);
            }

            _cursors.Add(cursor);
        }
    }

    /// <summary>Lets go of the queue's messages every attached group has moved past.</summary>
    public void TrimConsumed(int queueId)
    {
        lock (_lock)
        {
            if (_cursors.Count == 0)
            {
                return; // Nobody reads the topic yet: everything waits for the first group.
            }

            var slowest = long.MaxValue;
            foreach (var cursor in _cursors)
            {
                slowest = Math.Min(slowest, cursor.NextOf(queueId));
            }

            _queues[queueId].TrimBelow(slowest);
        }
    }

    /// <summary>Lets go of the messages stored before the cutoff (the retention time); returns how many.</summary>
    public long TrimStoredBefore(DateTimeOffset cutoff) => Locked(() => _queues.Sum(q => q.TrimStoredBefore(cutoff)));

    private T Locked<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }
}
