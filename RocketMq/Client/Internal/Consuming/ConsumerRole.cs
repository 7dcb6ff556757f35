using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Consuming;

/// <summary>
/// The simple consumer's side of the lifecycle: SIMPLE_CONSUMER settings with its group,
/// subscriptions and long-polling time. The proxy needs these stored before it serves a receive.
/// </summary>
internal sealed class ConsumerRole(ClientContext context, string group, IReadOnlyList<KeyValuePair<string, string>> subscriptions, TimeSpan awaitDuration)
    : IClientRole
{
    private int _maxDeliveryAttempts;

    public ClientType ClientType => ClientType.SimpleConsumer;

    public Resource? Group { get; } = context.Resource(group);

    public IReadOnlyCollection<string> Topics { get; } = [.. subscriptions.Select(s => s.Key)];

    public Settings CreateSettings()
    {
        var settings = context.BaseSettings(ClientType.SimpleConsumer);
        settings.Subscription = new Subscription { Group = Group, LongPollingTimeout = Duration.FromTimeSpan(awaitDuration) };
        settings.Subscription.Subscriptions.AddRange(subscriptions.Select(s => new SubscriptionEntry
        {
            Topic = context.Resource(s.Key),
            Expression = new FilterExpression { Type = FilterType.Tag, Expression = s.Value },
        }));
        return settings;
    }

    /// <summary>
    /// The group's max delivery attempts, as the broker announced them (null until it has): past
    /// them it dead-letters a message rather than deliver it again.
    /// </summary>
    public int? MaxDeliveryAttempts => Volatile.Read(ref _maxDeliveryAttempts) is > 0 and var max ? max : null;

    /// <summary>
    /// Only the max delivery attempts, for the dead-letter count: a simple consumer chooses its
    /// batch and invisible duration per receive.
    /// </summary>
    public void ApplyServerSettings(Settings settings) =>
        Volatile.Write(ref _maxDeliveryAttempts, settings.BackoffPolicy?.MaxAttempts ?? 0);

    /// <summary>Check-backs go to producers; a consumer never declares topics to publish.</summary>
    public void OnOrphanedTransaction(RecoverOrphanedTransactionCommand command, Endpoint endpoint)
    {
    }

    public Task DrainAsync() => Task.CompletedTask;
}
