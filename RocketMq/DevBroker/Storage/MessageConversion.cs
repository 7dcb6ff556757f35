using System.Security.Cryptography;
using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;
using PointsDemo.RocketMq.DevBroker.Consuming;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// Stored messages as the proxy hands them out (semantics §3.1 "Message conversion"): an MD5
/// upper-case hex body digest, the delivery attempt and receipt handle; no invisible duration.
/// </summary>
internal static class MessageConversion
{
    /// <summary>A message as a consumer receives it.</summary>
    public static ProtoMessage ForDelivery(Delivery delivery)
    {
        var message = WithDigest(delivery.Message.Message);
        message.SystemProperties.DeliveryAttempt = delivery.Attempt;
        message.SystemProperties.ReceiptHandle = delivery.Handle.ToString();
        return message;
    }

    /// <summary>A half message as a check-back carries it: TRANSACTION, attempt 1, no receipt handle.</summary>
    public static ProtoMessage ForCheck(ProtoMessage half)
    {
        var message = WithDigest(half);
        message.SystemProperties.MessageType = MessageType.Transaction;
        message.SystemProperties.DeliveryAttempt = 1;
        message.SystemProperties.ClearReceiptHandle();
        return message;
    }

    private static ProtoMessage WithDigest(ProtoMessage stored)
    {
        var message = stored.Clone();
        message.SystemProperties.BodyDigest = new Digest
        {
            Type = DigestType.Md5,
            // The protocol's integrity check, as the proxy computes it; nothing relies on it for security.
#pragma warning disable CA5351
            Checksum = Convert.ToHexString(MD5.HashData(message.Body.Span)),
#pragma warning restore CA5351
        };
        message.SystemProperties.BornTimestamp ??= Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch);
        if (message.SystemProperties.BodyEncoding == Encoding.Unspecified)
        {
            message.SystemProperties.BodyEncoding = Encoding.Identity;
        }

        return message;
    }
}
