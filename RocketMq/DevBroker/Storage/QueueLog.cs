namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// One queue's messages from <see cref="Base"/> (the oldest still held) to <see cref="End"/> (the
/// next offset). Offsets only grow; trimming the front lets go of messages every consuming group
/// has taken (or that outlived the retention time), the way RocketMQ's queues lose their oldest
/// files: a queue's minimum offset rises. A slot may be empty where the journal lost a message to
/// retention. Not thread-safe: its <see cref="TopicLog"/> locks around it.
/// </summary>
internal sealed class QueueLog
{
    /// <summary>How many trimmed slots may pile up at the front before the list is compacted.</summary>
    private const int CompactAfter = 1024;

    private readonly List<StoredMessage?> _slots = [];
    private int _head;

    public long Base { get; private set; }

    public long End => Base + (_slots.Count - _head);

    /// <summary>Body bytes of the messages held.</summary>
    public long RetainedBytes { get; private set; }

    public long Retained => End - Base;

    /// <summary>The journal sequence of the oldest message held; null when it holds none.</summary>
    public long? OldestSequence
    {
        get
        {
            for (var i = _head; i < _slots.Count; i++)
            {
                if (_slots[i] is { } message)
                {
                    return message.Sequence;
                }
            }

            return null;
        }
    }

    public void Add(StoredMessage message)
    {
        // Replay may skip offsets whose records retention removed: those slots stay empty.
        while (End < message.Offset)
        {
            _slots.Add(null);
        }

        _slots.Add(message);
        RetainedBytes += message.BodySize;
    }

    /// <summary>Starts an empty queue at <paramref name="end"/> (a checkpoint's end offset).</summary>
    public void StartAt(long end)
    {
        if (_slots.Count == _head && end > Base)
        {
            Base = end;
        }
    }

    /// <summary>The message at the offset; null below <see cref="Base"/>, at or past <see cref="End"/>, or in an empty slot.</summary>
    public StoredMessage? Read(long offset) => offset >= Base && offset < End ? _slots[_head + (int)(offset - Base)] : null;

    public IEnumerable<StoredMessage> All() => _slots.Skip(_head).OfType<StoredMessage>();

    /// <summary>Lets go of the messages below <paramref name="offset"/>.</summary>
    public void TrimBelow(long offset)
    {
        while (Base < offset && _head < _slots.Count)
        {
            RetainedBytes -= _slots[_head]?.BodySize ?? 0;
            _slots[_head++] = null;
            Base++;
        }

        if (_head > CompactAfter && _head * 2 > _slots.Count)
        {
            _slots.RemoveRange(0, _head);
            _head = 0;
        }
    }

    /// <summary>Lets go of the oldest messages stored before <paramref name="cutoff"/>; returns how many.</summary>
    public long TrimStoredBefore(DateTimeOffset cutoff)
    {
        var end = Base;
        while (end < End && (Read(end) is not { } message || message.StoredAt < cutoff))
        {
            end++;
        }

        var trimmed = end - Base;
        TrimBelow(end);
        return trimmed;
    }
}
