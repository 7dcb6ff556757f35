using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PointsDemo.RocketMq.Internal.Diagnostics;

/// <summary>
/// The client's metric instruments, on <see cref="RocketMqDiagnostics.Meter"/>. The names in
/// <c>messaging.client.*</c> are OpenTelemetry's; the counts the conventions do not define (acks,
/// redeliveries, dead letters, check-backs) live under <c>rocketmq.client.*</c>.
/// </summary>
internal static class MessagingInstruments
{
    public static readonly Histogram<double> OperationDuration = RocketMqDiagnostics.Meter.CreateHistogram<double>(
        "messaging.client.operation.duration", "s", "Duration of a RocketMQ operation (send, end_transaction, receive, ack, ...).");

    public static readonly Histogram<double> ProcessDuration = RocketMqDiagnostics.Meter.CreateHistogram<double>(
        "messaging.process.duration", "s", "Duration of a consumer's processing of one message (SimpleConsumer.ProcessAsync), from the handler's start to its end.");

    public static readonly Counter<long> SentMessages = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "messaging.client.sent.messages", "{message}", "Messages the broker accepted.");

    public static readonly Counter<long> ConsumedMessages = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "messaging.client.consumed.messages", "{message}", "Messages received by simple consumers.");

    public static readonly Counter<long> AckedMessages = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "rocketmq.client.acked.messages", "{message}", "Messages a simple consumer acked: done with, never delivered to its group again.");

    public static readonly Counter<long> RedeliveredMessages = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "rocketmq.client.redelivered.messages", "{message}", "Messages received again (delivery attempt above 1): an earlier delivery was not acked in time.");

    public static readonly Counter<long> DeadLetteredMessages = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "rocketmq.client.dead_lettered.messages",
        "{message}",
        "Messages a simple consumer sent to %DLQ%<group>: forwarded there at once, or given back unacked on the last delivery attempt the broker allows "
        + "(its max attempts), which the broker then moves there. A consumer that dies during the last attempt is not counted: the dead-letter topic itself is the full record.");

    public static readonly Counter<long> TransactionChecks = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "rocketmq.client.transaction.checks", "{check}", "Transaction check-backs answered, by resolution.");

    /// <summary>The attributes every message count carries: system, destination, operation and, for consumers, the group.</summary>
    public static TagList MessageTags(string destination, string operationName, string? consumerGroup = null)
    {
        var tags = new TagList
        {
            { MessagingAttributes.System, MessagingAttributes.SystemValue },
            { MessagingAttributes.DestinationName, destination },
            { MessagingAttributes.OperationName, operationName },
        };
        if (consumerGroup is not null)
        {
            tags.Add(MessagingAttributes.ConsumerGroup, consumerGroup);
        }

        return tags;
    }
}
