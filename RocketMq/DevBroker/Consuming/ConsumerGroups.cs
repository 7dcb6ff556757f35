using System.Collections.Concurrent;
using PointsDemo.RocketMq.DevBroker.Diagnostics;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Storage.Journal;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>The consumer groups: those declared at start, and any a consumer first receives with (auto-created, as the broker does by default).</summary>
internal sealed class ConsumerGroups
{
    private readonly ConcurrentDictionary<string, ConsumerGroupState> _groups = new(StringComparer.Ordinal);
    private readonly Func<string, ConsumerGroupState> _create;

    public ConsumerGroups(IEnumerable<string> declared, TopicStore topics, JournalWriter? journal, TimeProvider time, BrokerMetrics metrics)
    {
        _create = g => new ConsumerGroupState(g, topics, journal, time, metrics);
        foreach (var group in declared)
        {
            GetOrCreate(group);
        }
    }

    public IEnumerable<ConsumerGroupState> All => _groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal);

    public ConsumerGroupState GetOrCreate(string group) => _groups.GetOrAdd(group, _create);

    /// <summary>The journal sequence of the oldest message any group holds in flight or due.</summary>
    public long? OldestSequence => _groups.Values.Select(g => g.OldestSequence()).Min();
}
