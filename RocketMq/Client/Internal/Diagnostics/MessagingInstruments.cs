using System.Diagnostics.Metrics;

namespace PointsDemo.RocketMq.Internal.Diagnostics;

/// <summary>The client's metric instruments, on <see cref="RocketMqDiagnostics.Meter"/>.</summary>
internal static class MessagingInstruments
{
    public static readonly Histogram<double> OperationDuration = RocketMqDiagnostics.Meter.CreateHistogram<double>(
        "messaging.client.operation.duration", "s", "Duration of a RocketMQ operation (send, end_transaction, receive, ack, ...).");

    public static readonly Counter<long> SentMessages = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "messaging.client.sent.messages", "{message}", "Messages the broker accepted.");

    public static readonly Counter<long> ConsumedMessages = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "messaging.client.consumed.messages", "{message}", "Messages received by simple consumers.");

    public static readonly Counter<long> TransactionChecks = RocketMqDiagnostics.Meter.CreateCounter<long>(
        "rocketmq.client.transaction.checks", "{check}", "Transaction check-backs answered, by resolution.");
}
