using System.Buffers;
using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Grpc;

namespace PointsDemo.RocketMq.DevBroker.Validation;

/// <summary>The proxy's rules for topic and consumer-group names (semantics §6), with its messages.</summary>
internal static class ResourceNames
{
    public const int TopicMaxLength = 127;
    public const int GroupMaxLength = 120;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("%|abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private static readonly HashSet<string> SystemTopics = new(StringComparer.Ordinal)
    {
        "TBW102", "SCHEDULE_TOPIC_XXXX", "BenchmarkTest", "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC",
        "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT", "CHECKPOINT_TOPIC",
    };

    /// <summary>Why the topic name is refused, or null when it is fine.</summary>
    public static string? TopicError(string? topic)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            return "The specified topic is blank";
        }

        if (topic.Length > TopicMaxLength)
        {
            return $"The specified topic is longer than topic max length {TopicMaxLength}.";
        }

        if (topic.AsSpan().ContainsAnyExcept(Allowed))
        {
            return $"The specified topic[{topic}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
        }

        return SystemTopics.Contains(topic) || topic.StartsWith("rmq_sys_", StringComparison.Ordinal)
            ? $"cannot access system topic: {topic}"
            : null;
    }

    /// <summary>Why the group name is refused, or null when it is fine.</summary>
    public static string? GroupError(string? group)
    {
        if (string.IsNullOrWhiteSpace(group))
        {
            return "the specified group is blank";
        }

        if (group.Length > GroupMaxLength)
        {
            return $"the specified group is longer than group max length: {GroupMaxLength}.";
        }

        if (group.AsSpan().ContainsAnyExcept(Allowed))
        {
            return $"the specified group[{group}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";
        }

        return group.StartsWith("CID_RMQ_SYS_", StringComparison.Ordinal) ? $"cannot use system consumer group: {group}" : null;
    }

    /// <exception cref="StatusException">ILLEGAL_TOPIC (40002).</exception>
    public static string CheckTopic(Resource? topic)
    {
        var name = topic?.Name;
        return TopicError(name) is { } error ? throw new StatusException(Code.IllegalTopic, error) : name!;
    }

    /// <exception cref="StatusException">ILLEGAL_CONSUMER_GROUP (40003).</exception>
    public static string CheckGroup(Resource? group)
    {
        var name = group?.Name;
        return GroupError(name) is { } error ? throw new StatusException(Code.IllegalConsumerGroup, error) : name!;
    }
}
