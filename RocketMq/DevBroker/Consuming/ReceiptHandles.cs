using System.Globalization;
using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Grpc;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>
/// Receipt handles in the broker's layout (semantics §3.2), space-separated:
/// <c>ckStartOffset popTime invisibleTime reviveQueueId topicType brokerName queueId queueOffset deliveryId</c>.
/// The last field, where the proxy puts the commit-log offset, names the delivery here. Like the
/// proxy, the broker judges expiry from the handle's own numbers.
/// </summary>
internal readonly record struct ReceiptHandle(long PopTimeMs, long InvisibleMs, string BrokerName, int QueueId, long Offset, long DeliveryId)
{
    public long ExpiresAtMs => PopTimeMs + InvisibleMs;

    public bool IsExpired(long nowMs) => ExpiresAtMs <= nowMs;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{Offset} {PopTimeMs} {InvisibleMs} 0 0 {BrokerName} {QueueId} {Offset} {DeliveryId}");

    /// <exception cref="StatusException">INTERNAL_SERVER_ERROR (50001), as the proxy answers a handle it cannot parse.</exception>
    public static ReceiptHandle Parse(string? text)
    {
        var fields = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 9
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var popTime)
            && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var invisible)
            && int.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var queueId)
            && long.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            && long.TryParse(fields[8], NumberStyles.None, CultureInfo.InvariantCulture, out var deliveryId))
        {
            return new ReceiptHandle(popTime, invisible, fields[5], queueId, offset, deliveryId);
        }

        throw new StatusException(Code.InternalServerError, $"parse receipt handle failed: {text}");
    }

    /// <summary>Parses and refuses an expired handle with INVALID_RECEIPT_HANDLE (40013).</summary>
    /// <exception cref="StatusException">The handle is unparseable (50001) or expired (40013).</exception>
    public static ReceiptHandle ParseUnexpired(string? text, long nowMs)
    {
        var handle = Parse(text);
        return handle.IsExpired(nowMs) ? throw new StatusException(Code.InvalidReceiptHandle, "receipt handle is expired") : handle;
    }
}
