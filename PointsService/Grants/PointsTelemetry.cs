using System.Diagnostics;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// The span of processing one message: a consumer span parented by the trace context the message
/// carries, so a registration is one trace from the HTTP request to the grant's database writes.
/// </summary>
internal static class PointsTelemetry
{
    /// <summary>The service's ActivitySource; ServiceDefaults listens to the one named after the application.</summary>
    public const string SourceName = "PointsService";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartProcessing(MessageView message, string consumerGroup)
    {
        var activity = Source.StartActivity($"process {message.Topic}", ActivityKind.Consumer, message.TraceContext ?? default);
        activity?.SetTag("messaging.system", "rocketmq")
            .SetTag("messaging.operation.type", "process")
            .SetTag("messaging.operation.name", "process")
            .SetTag("messaging.destination.name", message.Topic)
            .SetTag("messaging.message.id", message.MessageId)
            .SetTag("messaging.consumer.group.name", consumerGroup)
            .SetTag("messaging.rocketmq.client_group", consumerGroup)
            .SetTag("messaging.rocketmq.message.tag", message.Tag)
            .SetTag("messaging.rocketmq.message.keys", message.Keys.ToArray());
        return activity;
    }
}
