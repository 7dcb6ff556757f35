using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Transactions;

/// <summary>
/// Half messages: transactional messages held, invisible to consumers, until committed, rolled
/// back, or discarded after the max check-backs (the broker's <c>RMQ_SYS_TRANS_HALF_TOPIC</c>).
/// Thread-safe.
/// </summary>
internal sealed class HalfMessageStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HalfMessage> _byTransaction = new(StringComparer.Ordinal);
    private long _nextOffset;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byTransaction.Count;
            }
        }
    }

    /// <summary>Holds a half message; its transaction id is its message id, as the broker's is its unique key.</summary>
    public HalfMessage Add(string topic, int queueId, ProtoMessage message, DateTimeOffset now, TimeSpan? recoveryDuration)
    {
        lock (_lock)
        {
            var half = new HalfMessage(message.SystemProperties.MessageId, topic, queueId, _nextOffset++, message, now, recoveryDuration);
            _byTransaction[half.TransactionId] = half;
            return half;
        }
    }

    public HalfMessage? Find(string topic, string transactionId)
    {
        lock (_lock)
        {
            return _byTransaction.TryGetValue(transactionId, out var half) && half.Topic == topic ? half : null;
        }
    }

    /// <summary>Takes the half message of the transaction out of the store; null if it is not there (ended already, or never sent).</summary>
    public HalfMessage? Remove(string topic, string transactionId)
    {
        lock (_lock)
        {
            if (_byTransaction.TryGetValue(transactionId, out var half) && half.Topic == topic)
            {
                _byTransaction.Remove(transactionId);
                return half;
            }

            return null;
        }
    }

    /// <summary>The half messages in store order, as a check pass walks them.</summary>
    public IReadOnlyList<HalfMessage> Pending()
    {
        lock (_lock)
        {
            return [.. _byTransaction.Values.OrderBy(h => h.HalfOffset)];
        }
    }
}

/// <summary>A half message and its check-back count.</summary>
internal sealed class HalfMessage(
    string transactionId, string topic, int queueId, long halfOffset, ProtoMessage message, DateTimeOffset storedAt, TimeSpan? recoveryDuration)
{
    private int _checksSent;

    public string TransactionId { get; } = transactionId;

    public string Topic { get; } = topic;

    public int QueueId { get; } = queueId;

    /// <summary>Its offset in the half queue, which SendMessage answers.</summary>
    public long HalfOffset { get; } = halfOffset;

    public ProtoMessage Message { get; } = message;

    public DateTimeOffset StoredAt { get; } = storedAt;

    /// <summary>The message's own <c>orphaned_transaction_recovery_duration</c> (the broker's check immunity), if it set one.</summary>
    public TimeSpan? RecoveryDuration { get; } = recoveryDuration;

    public int ChecksSent => Volatile.Read(ref _checksSent);

    /// <summary>The earliest a check may come: its age must reach max(transaction timeout, recovery duration).</summary>
    public DateTimeOffset FirstCheckDue(TimeSpan transactionTimeout) =>
        StoredAt + (RecoveryDuration is { } recovery && recovery > transactionTimeout ? recovery : transactionTimeout);

    /// <summary>Whether a client's own commit or rollback comes too late: past the recovery duration only check answers count.</summary>
    public bool ImmunityOver(DateTimeOffset now) => RecoveryDuration is { } recovery && now - StoredAt > recovery;

    public int CountCheck() => Interlocked.Increment(ref _checksSent);
}
