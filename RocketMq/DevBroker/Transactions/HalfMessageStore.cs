using PointsDemo.RocketMq.DevBroker.Storage.Journal;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Transactions;

/// <summary>
/// Half messages: transactional messages held, invisible to consumers, until committed or rolled
/// back (the broker's <c>RMQ_SYS_TRANS_HALF_TOPIC</c>); and those whose check-backs ran out, parked
/// in <c>TRANS_CHECK_MAX_TIME_TOPIC</c> where nothing checks them unless they are resumed. Both sets
/// share one lock, so a message moving between them is always in one. Thread-safe.
/// </summary>
internal sealed class HalfMessageStore(TimeProvider time, JournalWriter? journal)
{
    /// <summary>The system topic RocketMQ moves unanswered half messages to.</summary>
    public const string CheckMaxTopic = "TRANS_CHECK_MAX_TIME_TOPIC";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HalfMessage> _byTransaction = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HalfMessage> _parked = new(StringComparer.Ordinal);
    private long _nextOffset;
    private long _parkedEver;

    public int Count => Locked(() => _byTransaction.Count);

    /// <summary>Half messages ever moved to TRANS_CHECK_MAX_TIME_TOPIC (its queue's end offset).</summary>
    public long ParkedEver => Locked(() => _parkedEver);

    /// <summary>Holds a half message; its transaction id is its message id, as the broker's is its unique key.</summary>
    /// <remarks><c>durable</c>: Completes once it is on disk.</remarks>
    public HalfMessage Add(string topic, int queueId, ProtoMessage message, DateTimeOffset now, TimeSpan? recoveryDuration, out Task durable)
    {
        lock (_lock)
        {
            var transactionId = message.SystemProperties.MessageId;
            var offset = _nextOffset++;
            var write = journal?.Append(Records.HalfStored(transactionId, topic, queueId, offset, message, now, recoveryDuration)) ?? JournalWrite.None;
            durable = write.Durable;
            var half = new HalfMessage(transactionId, topic, queueId, offset, message, now, recoveryDuration, write.Sequence);
            _byTransaction[transactionId] = half;
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

    /// <summary>
    /// Takes the half message of the transaction out of the store; null if it is not there (ended
    /// already, or never sent). <paramref name="record"/> makes the journal record of the removal
    /// (a rollback, or the committed message), queued in the same lock.
    /// </summary>
    /// <remarks><c>durable</c>: Completes once the removal is on disk.</remarks>
    public HalfMessage? Remove(string topic, string transactionId, Func<HalfMessage, Task> record, out Task durable)
    {
        lock (_lock)
        {
            durable = Task.CompletedTask;
            if (_byTransaction.TryGetValue(transactionId, out var half) && half.Topic == topic)
            {
                _byTransaction.Remove(transactionId);
                durable = record(half);
                return half;
            }

            return null;
        }
    }

    /// <summary>Counts a check-back for the half message and records it.</summary>
    public int CountCheck(HalfMessage half)
    {
        lock (_lock)
        {
            var check = half.CountCheck();
            journal?.Append(Records.HalfChecked(half.TransactionId, check, time.GetUtcNow()));
            return check;
        }
    }

    /// <summary>The half messages in store order, as a check pass walks them.</summary>
    public IReadOnlyList<HalfMessage> Pending() => Locked(() => _byTransaction.Values.OrderBy(h => h.HalfOffset).ToArray());

    /// <summary>The messages in TRANS_CHECK_MAX_TIME_TOPIC, oldest move first.</summary>
    public IReadOnlyList<HalfMessage> Parked() => Locked(() => _parked.Values.OrderBy(h => h.ParkedAt).ToArray());

    public IReadOnlyDictionary<string, int> PendingCountByTopic() =>
        Locked(() => _byTransaction.Values.CountBy(h => h.Topic).ToDictionary(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, int> ParkedCountByTopic() =>
        Locked(() => _parked.Values.CountBy(h => h.Topic).ToDictionary(StringComparer.Ordinal));

    /// <summary>Moves a half message to TRANS_CHECK_MAX_TIME_TOPIC; false when it was resolved meanwhile.</summary>
    public bool Park(HalfMessage half)
    {
        lock (_lock)
        {
            if (!_byTransaction.Remove(half.TransactionId))
            {
                return false;
            }

            var now = time.GetUtcNow();
            journal?.Append(Records.HalfParked(half.TransactionId, now));
            half.ParkedAt = now;
            _parked[half.TransactionId] = half;
            _parkedEver++;
            return true;
        }
    }

    /// <summary>
    /// Takes a message out of TRANS_CHECK_MAX_TIME_TOPIC back among the half messages, to be checked
    /// again from its first check on; null when no parked message has that id.
    /// </summary>
    /// <remarks><c>durable</c>: Completes once the move is on disk.</remarks>
    public HalfMessage? Resume(string messageId, out Task durable)
    {
        lock (_lock)
        {
            durable = Task.CompletedTask;
            if (!_parked.Remove(messageId, out var half))
            {
                return null;
            }

            var now = time.GetUtcNow();
            durable = journal?.Append(Records.HalfResumed(messageId, now)).Durable ?? Task.CompletedTask;
            half.Resume(now);
            _byTransaction[messageId] = half;
            return half;
        }
    }

    /// <summary>Drops parked messages stored before the cutoff (the retention time); returns how many.</summary>
    public int DropParkedBefore(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            var old = _parked.Values.Where(h => h.StoredAt < cutoff).Select(h => h.TransactionId).ToArray();
            foreach (var id in old)
            {
                _parked.Remove(id);
            }

            return old.Length;
        }
    }

    /// <summary>The journal sequence of the oldest half message held, parked ones included.</summary>
    public long? OldestSequence => Locked(() => _byTransaction.Values.Concat(_parked.Values).Select(h => (long?)h.Sequence).Min());

    /// <summary>Puts back a half message the journal holds (recovery).</summary>
    public void Restore(HalfMessage half)
    {
        lock (_lock)
        {
            _byTransaction[half.TransactionId] = half;
            _nextOffset = Math.Max(_nextOffset, half.HalfOffset + 1);
        }
    }

    /// <summary>Applies a journal record about a half message already restored (recovery).</summary>
    public void RestoreChange(string transactionId, Action<HalfMessage> change, bool remove = false, bool park = false, bool resume = false)
    {
        lock (_lock)
        {
            if (park && _byTransaction.Remove(transactionId, out var parking))
            {
                _parked[transactionId] = parking;
                _parkedEver++;
                change(parking);
            }
            else if (resume && _parked.Remove(transactionId, out var resuming))
            {
                _byTransaction[transactionId] = resuming;
                change(resuming);
            }
            else if (_byTransaction.TryGetValue(transactionId, out var half))
            {
                change(half);
                if (remove)
                {
                    _byTransaction.Remove(transactionId);
                }
            }
        }
    }

    /// <summary>Half offsets continue after the highest one a checkpoint knew.</summary>
    public void RaiseNextOffset(long next)
    {
        lock (_lock)
        {
            _nextOffset = Math.Max(_nextOffset, next);
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }
}
