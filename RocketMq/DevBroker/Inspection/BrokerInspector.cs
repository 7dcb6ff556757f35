using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Consuming;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Transactions;

namespace PointsDemo.RocketMq.DevBroker.Inspection;

/// <summary>Builds snapshots from the broker's stores.</summary>
internal sealed class BrokerInspector(BrokerState broker) : IBrokerInspector
{
    public BrokerSnapshot TakeSnapshot()
    {
        var nowMs = broker.NowMs;
        var groups = broker.Groups.All.Select(g => (g.Name, Counts: g.Counts(nowMs))).ToArray();
        var halves = broker.Halves.Pending();
        var parked = broker.Halves.Parked();
        var topics = broker.Topics.All.ToArray();
        var topicSnapshots = topics.Select(t => Topic(t, groups.Select(g => g.Counts), halves.Count(h => h.Topic == t.Name))).ToList();
        if (broker.Halves.ParkedEver is > 0 and var parkedEver)
        {
            // RocketMQ makes the system topic when it first moves a message there; it has one queue and no reader.
            topicSnapshots.Add(new TopicSnapshot(
                HalfMessageStore.CheckMaxTopic, "NORMAL", 1, 0, 0, 0, parkedEver, parked.Count, parked.Sum(h => (long)h.Message.Body.Length)));
        }

        var flushed = broker.Journal?.Flushed ?? (0, 0);
        return new BrokerSnapshot(
            broker.StartedAt,
            broker.Endpoint,
            topicSnapshots,
            [.. groups.Select(g => Group(g.Name, g.Counts))],
            [.. halves.Select(h => Half(h, broker.CheckBacks.NextCheckAt(h)))],
            [.. topics.Where(t => t.Name.StartsWith(TopicStore.DeadLetterPrefix, StringComparison.Ordinal)).SelectMany(t => t.All()).Select(DeadLetter)],
            [.. broker.Clients.All.Select(c => new ClientSnapshot(c.ClientId, KindOf(c.ClientType), c.Group, c.Topics, c.ConnectedAt, c.LastHeartbeatAt))],
            [.. parked.Select(h => Half(h, h.ParkedAt!.Value))],
            new StorageSnapshot(
                broker.Options.DataFolder, broker.Journal?.SegmentCount ?? 0, topicSnapshots.Sum(t => t.Retained), topicSnapshots.Sum(t => t.RetainedBytes),
                flushed.Flushes, flushed.Records));
    }

    private static HalfMessageSnapshot Half(HalfMessage half, DateTimeOffset next) => new(
        half.Topic, half.Message.SystemProperties.MessageId, [.. half.Message.SystemProperties.Keys], TagOf(half.Message), null,
        half.StoredAt, half.ChecksSent, next, half.ParkedAt);

    private static TopicSnapshot Topic(TopicLog topic, IEnumerable<GroupCounts> groups, int halfMessages)
    {
        var consuming = groups.Select(g => g.Topics.GetValueOrDefault(topic.Name)).OfType<TopicCounts>().ToArray();
        var stored = topic.Stored;
        var (retained, retainedBytes) = topic.Retained;
        return new TopicSnapshot(
            topic.Name,
            MessageTypes.Name(topic.Definition.Type),
            topic.QueueCount,
            consuming.Length == 0 ? retained : consuming.Max(c => c.Ready),
            consuming.Sum(c => c.InFlight),
            halfMessages,
            stored,
            retained,
            retainedBytes);
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
