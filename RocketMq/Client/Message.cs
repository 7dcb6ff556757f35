namespace PointsDemo.RocketMq;

/// <summary>
/// A message to send: its topic and body, and what consumers can filter and look it up by.
/// The producer adds the message id, born timestamp and host, and the trace context.
/// </summary>
/// <param name="Topic">The topic to publish to.</param>
/// <param name="Body">The payload (not empty; at most the broker's max body size, 4 MiB by default).</param>
public sealed record Message(string Topic, ReadOnlyMemory<byte> Body)
{
    /// <summary>Sub-category consumers filter by (<c>TagA||TagB</c>); no <c>|</c> and not blank.</summary>
    public string? Tag { get; init; }

    /// <summary>Business keys for looking the message up (e.g. a registration id); avoid spaces.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>Application properties, delivered with the message.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The ordering key of a FIFO message (the topic must be of type FIFO). Not allowed in a transaction.
    /// </summary>
    public string? MessageGroup { get; init; }

    /// <summary>
    /// For a transactional message: how long the broker waits before its first check-back
    /// (at most one hour). Unset, the broker's transaction timeout applies (6 seconds by default).
    /// </summary>
    public TimeSpan? OrphanedTransactionRecoveryDuration { get; init; }
}
