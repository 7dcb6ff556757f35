using System.Collections.Concurrent;
using PointsDemo.RocketMq.DevBroker.Storage.Journal;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// The broker's topics: those declared at start, plus <c>%DLQ%&lt;group&gt;</c> topics made on demand
/// (1 queue, NORMAL), as the broker does. gRPC clients never create topics. Appends wake long polls.
/// DELAY messages wait in <see cref="DelayedMessages"/> until they are due.
/// </summary>
internal sealed class TopicStore
{
    public const string DeadLetterPrefix = "%DLQ%";

    private readonly ConcurrentDictionary<string, TopicLog> _topics = new(StringComparer.Ordinal);
    private readonly Func<string> _storeHost;
    private readonly TimeProvider _time;
    private readonly JournalWriter? _journal;

    public TopicStore(IEnumerable<TopicDefinition> topics, Func<string> storeHost, TimeProvider time, JournalWriter? journal)
    {
        _storeHost = storeHost;
        _time = time;
        _journal = journal;
        Delays = new DelayedMessages(this, time, journal);
        foreach (var topic in topics)
        {
            _topics[topic.Name] = new TopicLog(topic, storeHost, journal);
        }
    }

    /// <summary>Pulsed whenever a message becomes available to consumers.</summary>
    public ArrivalSignal Arrivals { get; } = new();

    public DelayedMessages Delays { get; }

    public IEnumerable<TopicLog> All => _topics.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    public TopicLog? Find(string topic) => _topics.GetValueOrDefault(topic);

    public static string DeadLetterTopic(string group) => DeadLetterPrefix + group;

    /// <summary>The topic, or a dead-letter topic made now; null for another unknown name.</summary>
    public TopicLog? FindOrMakeDeadLetterTopic(string name) =>
        name.StartsWith(DeadLetterPrefix, StringComparison.Ordinal)
            ? _topics.GetOrAdd(name, n => new TopicLog(new TopicDefinition(n, TopicMessageType.Normal, 1), _storeHost, _journal))
            : Find(name);

    /// <remarks><c>durable</c>: Completes once the message is on disk.</remarks>
    public StoredMessage Append(TopicLog topic, ProtoMessage message, int queueId, out Task durable, StoreCause cause = default)
    {
        var stored = topic.Append(message, queueId, _time.GetUtcNow(), cause, out durable);
        Arrivals.Pulse();
        return stored;
    }

    /// <summary>Moves a message that used up its delivery attempts to the group's dead-letter topic, keeping its id.</summary>
    public StoredMessage DeadLetter(string group, StoredMessage message, int deliveryAttempts, out Task durable)
    {
        var log = FindOrMakeDeadLetterTopic(DeadLetterTopic(group))!;
        var origin = new DeadLetterOrigin(group, message.Topic, message.QueueId, message.Offset, deliveryAttempts, _time.GetUtcNow());
        return Append(log, message.Message, 0, out durable, new StoreCause(DeadLetter: origin));
    }

    /// <summary>The journal sequence of the oldest message any topic or pending delay holds.</summary>
    public long? OldestSequence => _topics.Values.Select(t => t.OldestSequence).Append(Delays.OldestSequence).Min();

    /// <summary>Lets go of messages stored before the cutoff, in every topic; returns how many.</summary>
    public long TrimStoredBefore(DateTimeOffset cutoff) => _topics.Values.Sum(t => t.TrimStoredBefore(cutoff));
}
