namespace PointsDemo.RocketMq.DevBroker;

/// <summary>
/// The dev broker's metrics: register <see cref="MeterName"/> with OpenTelemetry
/// (<c>AddMeter(DevBrokerDiagnostics.MeterName)</c>). Instruments, all under <c>rocketmq.broker.*</c>:
/// <c>messages.ready</c> and <c>messages.in_flight</c> (gauges per topic and group),
/// <c>messages.retained</c> (gauge per topic), <c>transaction.half_messages</c> and
/// <c>transaction.check_max.messages</c> (gauges per topic), <c>transaction.checks</c> (counter by
/// topic and outcome), <c>transaction.ended</c> (by topic, resolution and source),
/// <c>redeliveries</c> and <c>dead_letters</c> (by topic and group),
/// <c>transaction.check_max.moved</c> (by topic), <c>journal.flushes</c>, <c>journal.records</c>
/// and <c>journal.segments</c>.
/// </summary>
public static class DevBrokerDiagnostics
{
    /// <summary>The name of the broker's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "PointsDemo.RocketMq.DevBroker";

    /// <summary>Attribute: the topic (OpenTelemetry's <c>messaging.destination.name</c>).</summary>
    public const string Topic = "messaging.destination.name";

    /// <summary>Attribute: the consumer group (OpenTelemetry's <c>messaging.consumer.group.name</c>).</summary>
    public const string ConsumerGroup = "messaging.consumer.group.name";

    /// <summary>Attribute of <c>rocketmq.broker.transaction.checks</c>: sent, no_producer or undelivered.</summary>
    public const string Outcome = "rocketmq.check.outcome";

    /// <summary>Attribute of <c>rocketmq.broker.transaction.ended</c>: commit or rollback.</summary>
    public const string Resolution = "rocketmq.transaction.resolution";

    /// <summary>Attribute of <c>rocketmq.broker.transaction.ended</c>: client (the producer's own decision) or check (an answer to a check-back).</summary>
    public const string Source = "rocketmq.transaction.source";
}
