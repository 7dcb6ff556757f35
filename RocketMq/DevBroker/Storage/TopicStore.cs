using System.Collections.Concurrent;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Storage;

/// <summary>
/// The broker's topics: those declared at start, plus <c>%DLQ%&lt;group&gt;</c> topics made on demand
/// (1 queue, NORMAL), as the broker does. gRPC clients never create topics. Appends wake long polls.
/// </summary>
internal sealed class TopicStore
{
    public const string DeadLetterPrefix = "%DLQ%";

    private readonly ConcurrentDictionary<string, TopicLog> _topics = new(StringComparer.Ordinal);
    private readonly Func<string> _storeHost;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ITimer, byte> _delayed = new();

    public TopicStore(IEnumerable<TopicDefinition> topics, Func<string> storeHost, TimeProvider time)
    {
        _storeHost = storeHost;
        _time = time;
        foreach (var topic in topics)
        {
            _topics[topic.Name] = new TopicLog(topic, storeHost);
        }
    }

    /// <summary>Pulsed whenever a message becomes available to consumers.</summary>
    public ArrivalSignal Arrivals { get; } = new();

    public IEnumerable<TopicLog> All => _topics.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    public TopicLog? Find(string topic) => _topics.GetValueOrDefault(topic);

    public static string DeadLetterTopic(string group) => DeadLetterPrefix + group;

    public StoredMessage Append(TopicLog topic, ProtoMessage message, int queueId)
    {
        var stored = topic.Append(message, queueId, _time.GetUtcNow());
        Arrivals.Pulse();
        return stored;
    }

    /// <summary>
    /// Stores a DELAY message when its delivery time comes (the broker's timer store holds it
    /// until then); before that no consumer sees it.
    /// </summary>
    public void AppendAt(TopicLog topic, ProtoMessage message, int queueId, DateTimeOffset deliverAt)
    {
        var due = deliverAt - _time.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            Append(topic, message, queueId);
            return;
        }

        // Armed only once registered, so the callback always finds (and removes) its own timer.
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                Append(topic, message, queueId);
                if (_delayed.TryRemove(timer!, out byte _))
                {
                    timer!.Dispose();
                }
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _delayed.TryAdd(timer, 0);
        timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>DELAY messages not due yet.</summary>
    public int Delayed => _delayed.Count;

    /// <summary>Stops the timers of DELAY messages not due yet (they are dropped with the broker).</summary>
    public void StopTimers()
    {
        foreach (var timer in _delayed.Keys)
        {
            timer.Dispose();
        }

        _delayed.Clear();
    }

    /// <summary>Moves a message that used up its delivery attempts to the group's dead-letter topic, keeping its id.</summary>
    public StoredMessage DeadLetter(string group, StoredMessage message, int deliveryAttempts)
    {
        var name = DeadLetterTopic(group);
        var log = _topics.GetOrAdd(name, n => new TopicLog(new TopicDefinition(n, TopicMessageType.Normal, 1), _storeHost));
        var now = _time.GetUtcNow();
        var stored = log.Append(message.Message, 0, now, new DeadLetterOrigin(group, message.Topic, deliveryAttempts, now));
        Arrivals.Pulse();
        return stored;
    }
}
