using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Grpc;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>Message types as the proxy infers and checks them (semantics §1.1, §2).</summary>
internal static class MessageTypes
{
    /// <summary>TRANSACTION if marked so; else DELAY with a delivery time; else FIFO with a group; else NORMAL.</summary>
    public static MessageType Infer(ProtoMessage message)
    {
        var system = message.SystemProperties;
        if (system is null)
        {
            return MessageType.Normal;
        }

        if (system.MessageType == MessageType.Transaction)
        {
            return MessageType.Transaction;
        }

        if (system.DeliveryTimestamp is not null)
        {
            return MessageType.Delay;
        }

        return system.HasMessageGroup && system.MessageGroup.Length > 0 ? MessageType.Fifo : MessageType.Normal;
    }

    /// <summary>What QueryRoute lists in <c>accept_message_types</c>.</summary>
    public static IEnumerable<MessageType> Accepted(TopicMessageType type) => type switch
    {
        TopicMessageType.Normal => [MessageType.Normal],
        TopicMessageType.Fifo => [MessageType.Fifo],
        TopicMessageType.Delay => [MessageType.Delay],
        TopicMessageType.Transaction => [MessageType.Transaction],
        _ => [MessageType.Normal, MessageType.Fifo, MessageType.Delay, MessageType.Transaction],
    };

    /// <summary>The type's name as mqadmin and the proxy's messages write it.</summary>
    public static string Name(TopicMessageType? type) => type?.ToString().ToUpperInvariant() ?? "UNSPECIFIED";

    public static string Name(MessageType type) => type switch
    {
        MessageType.Normal => "NORMAL",
        MessageType.Fifo => "FIFO",
        MessageType.Delay => "DELAY",
        MessageType.Transaction => "TRANSACTION",
        _ => "UNSPECIFIED",
    };

    /// <summary>
    /// The proxy's type check: the actual type must be the topic's unless the topic is MIXED. An
    /// unknown topic has type UNSPECIFIED, so a send to it fails here (40014), before any route lookup.
    /// DLQ and retry topics are not checked.
    /// </summary>
    /// <exception cref="StatusException">MESSAGE_PROPERTY_CONFLICT_WITH_TYPE (40014).</exception>
    public static void Check(string topic, TopicMessageType? topicType, MessageType actual)
    {
        if (topic.StartsWith("%DLQ%", StringComparison.Ordinal) || topic.StartsWith("%RETRY%", StringComparison.Ordinal) || topicType == TopicMessageType.Mixed)
        {
            return;
        }

        if (topicType is null || Name(topicType) != Name(actual))
        {
            throw new StatusException(
                Code.MessagePropertyConflictWithType,
                $"TopicMessageType validate failed, the expected type is {Name(topicType)}, but actual type is {Name(actual)}");
        }
    }
}
