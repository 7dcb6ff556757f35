using PointsDemo.RocketMq.DevBroker;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// The dev broker with the services' topic and group, on a free loopback port, with test-sized
/// timings: check-backs within a second, long polls and invisible durations in milliseconds.
/// </summary>
internal static class TestBroker
{
    public const string Topic = "user-registered";
    public const string Group = "points-service";

    public static Task<Broker> StartAsync(Action<DevBrokerOptions>? configure = null)
    {
        var options = new DevBrokerOptions
        {
            Port = 0,
            TransactionTimeout = TimeSpan.FromMilliseconds(500),
            TransactionCheckInterval = TimeSpan.FromMilliseconds(250),
            MinLongPollingTimeout = TimeSpan.FromMilliseconds(100),
            MinReceiveInvisibleDuration = TimeSpan.FromMilliseconds(100),
            MaxDeliveryAttempts = 4,
        };
        options.Topics.Add(new TopicDefinition(Topic, TopicMessageType.Transaction));
        options.ConsumerGroups.Add(Group);
        configure?.Invoke(options);
        return Broker.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The topic as the broker holds it now.</summary>
    public static TopicSnapshot TopicNow(this Broker broker) =>
        broker.Inspector.TakeSnapshot().Topics.Single(t => t.Name == Topic);
}
