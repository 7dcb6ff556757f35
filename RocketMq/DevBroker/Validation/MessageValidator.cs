using Google.Protobuf.Collections;
using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Grpc;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Validation;

/// <summary>
/// The proxy's checks of one message in a SendMessage (semantics §6), in its order: body,
/// properties, tag, keys, total property size, message id, recovery time, delivery time, group.
/// </summary>
internal sealed class MessageValidator(int maxMessageSize, TimeProvider time)
{
    public const int MaxUserProperties = 128;
    private static readonly System.Text.Encoding Utf8 = System.Text.Encoding.UTF8;
    public const int MaxUserPropertySize = 16 * 1024;
    public const int MaxMessageGroupBytes = 64;
    public static readonly TimeSpan MaxRecoveryDuration = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    /// <exception cref="StatusException">The first rule the message breaks.</exception>
    public void Check(ProtoMessage message)
    {
        var body = message.Body.Length;
        if (body == 0)
        {
            throw new StatusException(Code.MessageBodyEmpty, "message body cannot be empty");
        }

        if (body > maxMessageSize)
        {
            throw new StatusException(Code.MessageBodyTooLarge, $"message body cannot exceed the max {maxMessageSize}");
        }

        CheckProperties(message.UserProperties);
        var system = message.SystemProperties ?? new SystemProperties();
        var tag = system.HasTag ? system.Tag : "";
        CheckTag(tag);
        foreach (var key in system.Keys)
        {
            CheckText(key, Code.IllegalMessageKey, "key");
        }

        var size = message.UserProperties.Sum(p => Utf8.GetByteCount(p.Key) + Utf8.GetByteCount(p.Value))
            + Utf8.GetByteCount(tag) + system.Keys.Sum(Utf8.GetByteCount);
        if (size > MaxUserPropertySize)
        {
            throw new StatusException(Code.MessagePropertiesTooLarge, $"the total size of user property is too large, max is {MaxUserPropertySize}");
        }

        if (string.IsNullOrWhiteSpace(system.MessageId))
        {
            throw new StatusException(Code.IllegalMessageId, "message id cannot be empty");
        }

        if (system.OrphanedTransactionRecoveryDuration is { } recovery
            && TimeSpan.FromSeconds(recovery.Seconds) > MaxRecoveryDuration)
        {
            throw new StatusException(Code.BadRequest, $"the max transaction recovery time of message is too large, max is {(int)MaxRecoveryDuration.TotalSeconds}");
        }

        if (system.DeliveryTimestamp is { } deliverAt && deliverAt.ToDateTimeOffset() - time.GetUtcNow() > MaxDelay)
        {
            throw new StatusException(Code.IllegalDeliveryTime, $"the max delay time of message is too large, max is {(long)MaxDelay.TotalMilliseconds}");
        }

        if (system.HasMessageGroup && system.MessageGroup.Length > 0)
        {
            CheckText(system.MessageGroup, Code.IllegalMessageGroup, "message group");
            if (Utf8.GetByteCount(system.MessageGroup) >= MaxMessageGroupBytes)
            {
                throw new StatusException(Code.IllegalMessageGroup, $"message group exceed the max size {MaxMessageGroupBytes}");
            }
        }
    }

    private static void CheckProperties(MapField<string, string> properties)
    {
        if (properties.Count > MaxUserProperties)
        {
            throw new StatusException(Code.MessagePropertiesTooLarge, $"too many user properties, max is {MaxUserProperties}");
        }

        foreach (var (key, value) in properties)
        {
            if (ReservedProperties.Names.Contains(key))
            {
                throw new StatusException(Code.IllegalMessagePropertyKey, $"property is used by system: {key}");
            }

            if (key.Any(char.IsControl))
            {
                throw new StatusException(Code.IllegalMessagePropertyKey, "the key of property cannot contain control character");
            }

            if (value.Any(char.IsControl))
            {
                throw new StatusException(Code.IllegalMessagePropertyKey, "the value of property cannot contain control character");
            }
        }
    }

    private static void CheckTag(string tag)
    {
        if (tag.Length == 0)
        {
            return;
        }

        CheckText(tag, Code.IllegalMessageTag, "tag");
        if (tag.Contains('|', StringComparison.Ordinal))
        {
            throw new StatusException(Code.IllegalMessageTag, "tag cannot contain '|'");
        }
    }

    /// <summary>Non-empty values must not be whitespace only nor carry control characters.</summary>
    private static void CheckText(string value, Code code, string what)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StatusException(code, $"{what} cannot be the char sequence of whitespace");
        }

        if (value.Any(char.IsControl))
        {
            throw new StatusException(code, $"{what} cannot contain control character");
        }
    }
}
