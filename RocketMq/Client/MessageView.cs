using System.Diagnostics;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq;

/// <summary>
/// A message as the broker delivered it (to a consumer) or stored it (in a transaction check-back).
/// Read-only; a consumer acks it or changes its invisible duration through the
/// <see cref="SimpleConsumer"/> that received it.
/// </summary>
public sealed class MessageView
{
    private volatile string? _receiptHandle;

    internal MessageView()
    {
    }

    /// <summary>The message id the producer generated.</summary>
    public required string MessageId { get; init; }

    /// <summary>The topic (for a redelivery, still the original topic).</summary>
    public required string Topic { get; init; }

    /// <summary>The tag, if the message has one.</summary>
    public string? Tag { get; init; }

    /// <summary>The business keys.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The application properties (including <c>traceparent</c> when the sender was traced).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The body, decompressed when the broker delivered it GZIP-encoded.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>When the producer created the message.</summary>
    public DateTimeOffset BornTimestamp { get; init; }

    /// <summary>The host that produced the message.</summary>
    public string BornHost { get; init; } = "";

    /// <summary>When the broker stored the message, if it said.</summary>
    public DateTimeOffset? StoreTimestamp { get; init; }

    /// <summary>Which delivery this is: 1 the first time, one more after each expired invisible duration.</summary>
    public int DeliveryAttempt { get; init; }

    /// <summary>The FIFO message group, if any.</summary>
    public string? MessageGroup { get; init; }

    /// <summary>
    /// The trace context the producer's send span carried (W3C <c>traceparent</c> / <c>tracestate</c>),
    /// to parent the processing span on; null when the message was sent untraced.
    /// </summary>
    public ActivityContext? TraceContext { get; init; }

    /// <summary>The id of the queue the message is stored in.</summary>
    public int QueueId { get; init; }

    /// <summary>The message's offset in its queue, if the broker said.</summary>
    public long? QueueOffset { get; init; }

    /// <summary>
    /// True when the body does not match the digest the broker sent (MD5, SHA1 or CRC32). The
    /// message is still delivered; a consumer should not trust its body.
    /// </summary>
    public bool IsCorrupted { get; init; }

    /// <summary>The handle that acks this delivery; replaced by a successful ChangeInvisibleDuration.</summary>
    internal string? ReceiptHandle
    {
        get => _receiptHandle;
        set => _receiptHandle = value;
    }

    /// <summary>The broker the message was received from; acks go back there.</summary>
    internal Endpoint Endpoint { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Topic}/{MessageId} (attempt {DeliveryAttempt})";
}
