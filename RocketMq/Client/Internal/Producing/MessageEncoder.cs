using System.Diagnostics;
using Apache.Rocketmq.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Lifecycle;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.Internal.Producing;

/// <summary>Builds the wire message of a send (protocol "SendMessage"); born timestamp and queue are set per attempt.</summary>
internal static class MessageEncoder
{
    public static MessageType TypeOf(Message message, bool transactional) =>
        transactional ? MessageType.Transaction
        : message.MessageGroup is not null ? MessageType.Fifo
        : MessageType.Normal;

    /// <exception cref="ArgumentException">The message cannot be sent this way.</exception>
    public static void Validate(Message message, bool transactional)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Topic, nameof(message));
        if (transactional && message.MessageGroup is not null)
        {
            throw new ArgumentException("A transactional message cannot have a message group.", nameof(message));
        }

        if (!transactional && message.OrphanedTransactionRecoveryDuration is not null)
        {
            throw new ArgumentException("OrphanedTransactionRecoveryDuration applies to transactional messages only.", nameof(message));
        }

        if (message.OrphanedTransactionRecoveryDuration is { } recovery && recovery < TimeSpan.Zero)
        {
            throw new ArgumentException("OrphanedTransactionRecoveryDuration cannot be negative.", nameof(message));
        }
    }

    /// <param name="message">What to send.</param>
    /// <param name="messageId">The id generated for it, kept across attempts.</param>
    /// <param name="type">Its message type.</param>
    /// <param name="context">The client (namespace).</param>
    /// <param name="trace">The send span, whose context the message carries.</param>
    public static ProtoMessage Encode(Message message, string messageId, MessageType type, ClientContext context, Activity? trace)
    {
        var system = new SystemProperties
        {
            MessageId = messageId,
            BodyEncoding = Apache.Rocketmq.V2.Encoding.Identity,
            MessageType = type,
            BornHost = ClientContext.HostName,
        };
        if (message.Tag is not null)
        {
            system.Tag = message.Tag;
        }

        system.Keys.AddRange(message.Keys);
        if (message.MessageGroup is not null)
        {
            system.MessageGroup = message.MessageGroup;
        }

        if (message.OrphanedTransactionRecoveryDuration is { } recovery)
        {
            system.OrphanedTransactionRecoveryDuration = Duration.FromTimeSpan(recovery);
        }

        var encoded = new ProtoMessage
        {
            Topic = context.Resource(message.Topic),
            Body = ByteString.CopyFrom(message.Body.Span),
            SystemProperties = system,
        };
        foreach (var (key, value) in message.Properties)
        {
            encoded.UserProperties[key] = value;
        }

        if (TraceContextPropagation.Inject(trace ?? Activity.Current, encoded.UserProperties) is { } traceParent)
        {
            system.TraceContext = traceParent;
        }

        return encoded;
    }
}
