using System.Diagnostics;
using System.Diagnostics.Metrics;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq;

/// <summary>
/// The client's tracing and metrics sources, both named <see cref="Name"/>.
/// The client integration (<c>builder.AddRocketMqProducer</c> and its siblings) registers them with
/// OpenTelemetry; clients built without it need <c>AddSource(RocketMqDiagnostics.Name)</c> and <c>AddMeter(RocketMqDiagnostics.Name)</c>.
/// Spans follow OpenTelemetry's messaging conventions (<c>messaging.system=rocketmq</c>): send
/// (producer kind), end_transaction, check (linked to the send), receive, ack,
/// change_invisible_duration, forward_to_dead_letter_queue, and process (consumer kind, around the
/// handler given to <see cref="SimpleConsumer.ProcessAsync{TResult}"/>). A send puts its W3C <c>traceparent</c>/<c>tracestate</c> into the
/// message's properties; <see cref="MessageView.TraceContext"/> gives it back to consumers, and
/// the process span is the child of the send. A
/// receive that returned nothing is measured but not recorded as a span: idle long polls would
/// otherwise fill the trace list.
/// </summary>
public static class RocketMqDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>.</summary>
    public const string Name = "PointsDemo.RocketMq";

    /// <summary>The source of the client's spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, RequestHeaders.Version);

    /// <summary>
    /// The client's instruments: <c>messaging.client.operation.duration</c>,
    /// <c>messaging.client.sent.messages</c>, <c>messaging.client.consumed.messages</c>,
    /// <c>messaging.process.duration</c>, <c>rocketmq.client.acked.messages</c>, <c>rocketmq.client.redelivered.messages</c>,
    /// <c>rocketmq.client.dead_lettered.messages</c> (forwarded to the dead-letter topic, or given
    /// back on the group's last delivery attempt) and <c>rocketmq.client.transaction.checks</c> (by resolution).
    /// </summary>
    public static Meter Meter { get; } = new(Name, RequestHeaders.Version);
}
