namespace PointsDemo.RocketMq.DevBroker.Transactions;

/// <summary>
/// The proxy's transaction data (semantics §1.1): a record per (topic, transaction id), made by
/// the send and by each check-back, valid 30 s, at most 15 per key. EndTransaction must consume
/// one; without one it fails with 50001 "cannot found transaction data", which is why a second
/// or a late EndTransaction fails.
/// </summary>
internal sealed class TransactionTokens(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    public const int MaxPerKey = 15;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Topic, string TransactionId), List<DateTimeOffset>> _tokens = [];

    public void Add(string topic, string transactionId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var expiries = Live((topic, transactionId), now, create: true)!;
            if (expiries.Count >= MaxPerKey)
            {
                expiries.RemoveAt(0);
            }

            expiries.Add(now + Lifetime);
        }
    }

    /// <summary>Consumes the live record with the latest expiry; false when there is none.</summary>
    public bool TryConsume(string topic, string transactionId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var expiries = Live((topic, transactionId), now, create: false);
            if (expiries is not { Count: > 0 })
            {
                return false;
            }

            expiries.RemoveAt(expiries.Count - 1);
            if (expiries.Count == 0)
            {
                _tokens.Remove((topic, transactionId));
            }

            return true;
        }
    }

    /// <summary>Drops expired records everywhere (the proxy's 10 s cleaner; the check pass calls it).</summary>
    public void RemoveExpired()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var key in _tokens.Keys.ToArray())
            {
                Live(key, now, create: false);
            }
        }
    }

    private List<DateTimeOffset>? Live((string, string) key, DateTimeOffset now, bool create)
    {
        if (!_tokens.TryGetValue(key, out var expiries))
        {
            if (!create)
            {
                return null;
            }

            expiries = [];
            _tokens[key] = expiries;
        }

        expiries.RemoveAll(e => e <= now);
        if (expiries.Count == 0 && !create)
        {
            _tokens.Remove(key);
        }

        return expiries;
    }
}
