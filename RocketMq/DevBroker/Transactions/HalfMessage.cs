using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Transactions;

/// <summary>A half message and its check-back count.</summary>
internal sealed class HalfMessage(
    string transactionId, string topic, int queueId, long halfOffset, ProtoMessage message, DateTimeOffset storedAt, TimeSpan? recoveryDuration, long sequence)
{
    private int _checksSent;

    public string TransactionId { get; } = transactionId;

    public string Topic { get; } = topic;

    public int QueueId { get; } = queueId;

    /// <summary>Its offset in the half queue, which SendMessage answers.</summary>
    public long HalfOffset { get; } = halfOffset;

    public ProtoMessage Message { get; } = message;

    public DateTimeOffset StoredAt { get; } = storedAt;

    /// <summary>The journal sequence of its record (0 without a journal).</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The message's own <c>orphaned_transaction_recovery_duration</c> (the broker's check immunity), if it set one.</summary>
    public TimeSpan? RecoveryDuration { get; } = recoveryDuration;

    /// <summary>Where its check clock starts: when it was stored, or when it was last resumed from TRANS_CHECK_MAX_TIME_TOPIC.</summary>
    public DateTimeOffset ChecksSince { get; private set; } = storedAt;

    /// <summary>When it was moved to TRANS_CHECK_MAX_TIME_TOPIC; null while it is checked.</summary>
    public DateTimeOffset? ParkedAt { get; set; }

    public int ChecksSent
    {
        get => Volatile.Read(ref _checksSent);
        set => Volatile.Write(ref _checksSent, value);
    }

    /// <summary>The earliest a check may come: its age must reach max(transaction timeout, recovery duration).</summary>
    public DateTimeOffset FirstCheckDue(TimeSpan transactionTimeout) =>
        ChecksSince + (RecoveryDuration is { } recovery && recovery > transactionTimeout ? recovery : transactionTimeout);

    /// <summary>Whether a client's own commit or rollback comes too late: past the recovery duration only check answers count.</summary>
    public bool ImmunityOver(DateTimeOffset now) => RecoveryDuration is { } recovery && now - StoredAt > recovery;

    public int CountCheck() => Interlocked.Increment(ref _checksSent);

    /// <summary>Back from TRANS_CHECK_MAX_TIME_TOPIC: checked again from the first check, its clock restarted.</summary>
    public void Resume(DateTimeOffset now)
    {
        ChecksSent = 0;
        ChecksSince = now;
        ParkedAt = null;
    }
}
