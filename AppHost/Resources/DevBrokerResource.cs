using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.AppHost.Resources;

/// <summary>
/// Local mode's RocketMQ: the dev broker, in-process, with the topic and consumer group declared.
/// In-process rather than a child process: nothing to locate or build separately, no process that
/// could outlive a crashed AppHost, its endpoints known without parsing output, and its logs
/// routed to the console under its own name through the logger factory.
/// </summary>
internal static class DevBrokerResource
{
    public const string Name = "rocketmq";
    public const string Topic = "user-registered";
    public const string ConsumerGroup = "points-service";

    public static async Task<DevBroker> StartAsync(int port, ILoggerFactory loggers, ResourceCatalog catalog, CancellationToken cancellationToken)
    {
        catalog.Update(Name, r => r with { State = ResourceState.Starting });
        var options = new DevBrokerOptions
        {
            Port = port,
            InspectionPort = 0,
            Topics = { new TopicDefinition(Topic, TopicMessageType.Transaction) },
            ConsumerGroups = { ConsumerGroup },
        };
        var broker = await DevBroker.StartAsync(options, loggers, cancellationToken);
        catalog.Update(Name, r => r with
        {
            State = ResourceState.Running,
            Health = "Healthy",
            ProcessId = Environment.ProcessId,
            StartedAt = DateTimeOffset.UtcNow,
            Urls = [broker.Endpoint, .. broker.InspectionEndpoint is { } inspection ? new[] { inspection.AbsoluteUri } : []],
            Detail = $"in-process; topic {Topic} (TRANSACTION), group {ConsumerGroup}",
        });
        return broker;
    }
}
