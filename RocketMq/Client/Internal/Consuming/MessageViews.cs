using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Transport;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.Internal.Consuming;

/// <summary>Reads a message the broker delivered or embedded in a check-back into a <see cref="MessageView"/>.</summary>
internal static class MessageViews
{
    /// <exception cref="FormatException">The message lacks the fields every broker sends (topic, system properties, id).</exception>
    public static MessageView From(ProtoMessage message, Endpoint endpoint)
    {
        var system = message.SystemProperties ?? throw new FormatException("The message has no system properties.");
        if (message.Topic is null || string.IsNullOrEmpty(system.MessageId))
        {
            throw new FormatException("The message has no topic or no message id.");
        }

        var properties = new Dictionary<string, string>(message.UserProperties, StringComparer.Ordinal);
        var corrupted = BodyDigest.IsCorrupted(system.BodyDigest, message.Body.Span);
        ReadOnlyMemory<byte> body;
        try
        {
            body = BodyEncoding.Decode(system.BodyEncoding, message.Body);
        }
        catch (InvalidDataException)
        {
            // A compressed body that does not inflate is as unusable as one that fails its digest.
            body = message.Body.Memory;
            corrupted = true;
        }

        return new MessageView
        {
            MessageId = system.MessageId,
            Topic = message.Topic.Name,
            Tag = system.HasTag ? system.Tag : null,
            Keys = [.. system.Keys],
            Properties = properties.AsReadOnly(),
            Body = body,
            BornTimestamp = system.BornTimestamp?.ToDateTimeOffset() ?? default,
            BornHost = system.BornHost,
            StoreTimestamp = system.StoreTimestamp?.ToDateTimeOffset(),
            DeliveryAttempt = system.HasDeliveryAttempt ? system.DeliveryAttempt : 1,
            MessageGroup = system.HasMessageGroup ? system.MessageGroup : null,
            TraceContext = TraceContextPropagation.Extract(properties, system.HasTraceContext ? system.TraceContext : null),
            QueueId = system.QueueId,
            QueueOffset = system.HasQueueOffset ? system.QueueOffset : null,
            IsCorrupted = corrupted,
            ReceiptHandle = system.HasReceiptHandle ? system.ReceiptHandle : null,
            Endpoint = endpoint,
        };
    }
}
