using Google.Protobuf.WellKnownTypes;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// One topic's queues: append-only lists of messages, addressed by queue id and offset.
/// Thread-safe; readers (consumer groups) keep their own offsets.
/// </summary>
internal sealed class TopicLog
{
    private readonly Lock _lock = new();
    private readonly List<StoredMessage>[] _queues;
    private readonly Func<string> _storeHost;
    private int _nextQueue = -1;

    public TopicLog(TopicDefinition definition, Func<string> storeHost)
    {
        Definition = definition;
        _storeHost = storeHost;
        _queues = [.. Enumerable.Range(0, definition.QueueCount).Select(_ => new List<StoredMessage>())];
    }

    public TopicDefinition Definition { get; }

    public string Name => Definition.Name;

    public int QueueCount => _queues.Length;

    /// <summary>Every message ever stored in the topic.</summary>
    public long Stored
    {
        get
        {
            lock (_lock)
            {
                return _queues.Sum(q => (long)q.Count);
            }
        }
    }

    /// <summary>The proxy's queue choice: a hash of the message group for FIFO messages, else round robin.</summary>
    public int SelectQueue(string? messageGroup) =>
        string.IsNullOrEmpty(messageGroup)
            ? (int)((uint)Interlocked.Increment(ref _nextQueue) % (uint)_queues.Length)
            : (int)((uint)StringComparer.Ordinal.GetHashCode(messageGroup) % (uint)_queues.Length);

    /// <summary>Stores a copy of the message with the broker's fields (store time and host, queue and offset).</summary>
    public StoredMessage Append(ProtoMessage message, int queueId, DateTimeOffset now, DeadLetterOrigin? deadLetter = null)
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
            system.QueueOffset = queue.Count;
            var stored = new StoredMessage(Name, queueId, queue.Count, copy, now) { DeadLetter = deadLetter };
            queue.Add(stored);
            return stored;
        }
    }

    public long EndOffset(int queueId)
    {
        lock (_lock)
        {
            return _queues[queueId].Count;
        }
    }

    public StoredMessage Read(int queueId, long offset)
    {
        lock (_lock)
        {
            return _queues[queueId][(int)offset];
        }
    }

    public IReadOnlyList<StoredMessage> All()
    {
        lock (_lock)
        {
            return [.. _queues.SelectMany(q => q).OrderBy(m => m.StoredAt)];
        }
    }
}
