using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Consuming;
using PointsDemo.RocketMq.DevBroker.Storage;

namespace PointsDemo.RocketMq.DevBroker.Inspection;

/// <summary>Builds snapshots from the broker's stores.</summary>
internal sealed class BrokerInspector(BrokerState broker) : IBrokerInspector
{
    public BrokerSnapshot TakeSnapshot()
    {
        var nowMs = broker.NowMs;
        var groups = broker.Groups.All.Select(g => (g.Name, Counts: g.Counts(nowMs))).ToArray();
        var halves = broker.Halves.Pending();
        var topics = broker.Topics.All.ToArray();
        return new BrokerSnapshot(
            broker.StartedAt,
            broker.Endpoint,
            [.. topics.Select(t => Topic(t, groups.Select(g => g.Counts), halves.Count(h => h.Topic == t.Name)))],
            [.. groups.Select(g => Group(g.Name, g.Counts))],
            [.. halves.Select(h => new HalfMessageSnapshot(
                h.Topic, h.Message.SystemProperties.MessageId, [.. h.Message.SystemProperties.Keys], TagOf(h.Message), null,
                h.StoredAt, h.ChecksSent, broker.CheckBacks.NextCheckAt(h)))],
            [.. topics.Where(t => t.Name.StartsWith(TopicStore.DeadLetterPrefix, StringComparison.Ordinal)).SelectMany(t => t.All()).Select(DeadLetter)],
            [.. broker.Clients.All.Select(c => new ClientSnapshot(c.ClientId, KindOf(c.ClientType), c.Group, c.Topics, c.ConnectedAt, c.LastHeartbeatAt))]);
    }

    private static TopicSnapshot Topic(TopicLog topic, IEnumerable<GroupCounts> groups, int halfMessages)
    {
        var consuming = groups.Select(g => g.Topics.GetValueOrDefault(topic.Name)).OfType<TopicCounts>().ToArray();
        var stored = topic.Stored;
        return new TopicSnapshot(
            topic.Name,
            MessageTypes.Name(topic.Definition.Type),
            topic.QueueCount,
            consuming.Length == 0 ? stored : consuming.Max(c => c.Ready),
            consuming.Sum(c => c.InFlight),
            halfMessages,
            stored);
    }

    private static GroupSnapshot Group(string name, GroupCounts counts) => new(
        name, counts.Topics.Values.Sum(t => t.Ready), counts.Topics.Values.Sum(t => t.InFlight), counts.Acked, counts.Redelivered, counts.DeadLettered);

    private static DeadLetterSnapshot DeadLetter(StoredMessage message)
    {
        var origin = message.DeadLetter!;
        return new DeadLetterSnapshot(
            origin.Group, message.Topic, origin.OriginalTopic, message.MessageId, [.. message.Message.SystemProperties.Keys], message.Tag,
            origin.DeliveryAttempts, origin.DeadLetteredAt, Printable(message.Message.Body.Span));
    }

    private static string? TagOf(Apache.Rocketmq.V2.Message message) => message.SystemProperties.HasTag ? message.SystemProperties.Tag : null;

    private static string KindOf(ClientType type) => type switch
    {
        ClientType.Producer => "PRODUCER",
        ClientType.SimpleConsumer => "SIMPLE_CONSUMER",
        ClientType.PushConsumer => "PUSH_CONSUMER",
        ClientType.PullConsumer => "PULL_CONSUMER",
        _ => "CLIENT_TYPE_UNSPECIFIED",
    };

    /// <summary>UTF-8 text when the bytes are valid UTF-8 without control characters (line breaks and tabs aside), else base64.</summary>
    internal static string Printable(ReadOnlySpan<byte> body)
    {
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            var text = System.Text.Encoding.UTF8.GetString(body);
            if (!text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                return text;
            }
        }

        return Convert.ToBase64String(body);
    }
}
