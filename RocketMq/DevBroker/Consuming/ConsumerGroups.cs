using System.Collections.Concurrent;
using PointsDemo.RocketMq.DevBroker.Storage;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>The consumer groups: those declared at start, and any a consumer first receives with (auto-created, as the broker does by default).</summary>
internal sealed class ConsumerGroups
{
    private readonly ConcurrentDictionary<string, ConsumerGroupState> _groups = new(StringComparer.Ordinal);
    private readonly TopicStore _topics;

    public ConsumerGroups(IEnumerable<string> declared, TopicStore topics)
    {
        _topics = topics;
        foreach (var group in declared)
        {
            GetOrCreate(group);
        }
    }

    public IEnumerable<ConsumerGroupState> All => _groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal);

    public ConsumerGroupState GetOrCreate(string group) => _groups.GetOrAdd(group, g => new ConsumerGroupState(g, _topics));
}
