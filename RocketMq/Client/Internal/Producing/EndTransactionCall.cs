using System.Diagnostics;
using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Transport;
using ProtoResolution = Apache.Rocketmq.V2.TransactionResolution;

namespace PointsDemo.RocketMq.Internal.Producing;

/// <summary>
/// EndTransaction: commits or rolls back a half message, at the broker that holds it (the one that
/// accepted the send, or the one whose stream delivered the check-back).
/// </summary>
internal static class EndTransactionCall
{
    private const string Operation = "EndTransaction";

    public static async Task EndAsync(
        ClientContext context,
        Endpoint endpoint,
        string topic,
        string messageId,
        string transactionId,
        TransactionResolution resolution,
        TransactionSource source,
        CancellationToken cancellationToken)
    {
        if (resolution is not (TransactionResolution.Commit or TransactionResolution.Rollback))
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "A transaction ends with Commit or Rollback.");
        }

        using var span = MessagingActivity.Start("end_transaction", MessagingAttributes.Settle, ActivityKind.Client, topic, endpoint, context.ClientId)
            .SetTag(MessagingAttributes.MessageId, messageId)
            .SetTag(MessagingAttributes.Resolution, resolution.ToString().ToLowerInvariant());
        var request = new EndTransactionRequest
        {
            Topic = context.Resource(topic),
            MessageId = messageId,
            TransactionId = transactionId,
            Resolution = resolution == TransactionResolution.Commit ? ProtoResolution.Commit : ProtoResolution.Rollback,
            Source = source,
            TraceContext = TraceContextPropagation.TraceParentOf(span.Activity) ?? "",
        };
        try
        {
            var response = await context.UnaryAsync(endpoint, Operation, (client, options) => client.EndTransactionAsync(request, options), cancellationToken);
            StatusErrors.ThrowIfFailed(response.Status, Operation);
        }
        catch (Exception exception)
        {
            span.Fail(exception);
            throw;
        }
    }
}
