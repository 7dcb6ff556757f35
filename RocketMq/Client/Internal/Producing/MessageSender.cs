using System.Diagnostics;
using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Identity;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Producing;

/// <summary>
/// One send, as the official clients do it: client-side checks (body size, accepted message type),
/// a writable master queue round robin, and retries on transient failures up to the attempt count
/// (at once on another queue, or after the broker's backoff when it throttles). The message id
/// stays the same across attempts; the born timestamp is refreshed on each.
/// </summary>
internal sealed class MessageSender(ClientRuntime runtime, PublishingSettings publishing, ILogger logger)
{
    private const string Operation = "SendMessage";

    public async Task<(SendReceipt Receipt, Endpoint Endpoint)> SendAsync(Message message, bool transactional, CancellationToken cancellationToken)
    {
        MessageEncoder.Validate(message, transactional);
        var context = runtime.Context;
        var type = MessageEncoder.TypeOf(message, transactional);
        if (message.Body.Length > publishing.MaxBodySize)
        {
            throw new PayloadTooLargeException(
                RocketMqStatusCode.MessageBodyTooLarge, $"message body of {message.Body.Length} bytes exceeds the max {publishing.MaxBodySize} (client-side check)", Operation);
        }

        var route = await runtime.GetRouteAsync(message.Topic, cancellationToken);
        var queue = route.Next(route.Writable)
            ?? throw new ForbiddenException(RocketMqStatusCode.Forbidden, $"topic {message.Topic} has no writable queue", Operation);
        if (publishing.ValidateMessageType && !queue.Accepts(type))
        {
            throw new BadRequestException(
                RocketMqStatusCode.MessagePropertyConflictWithType,
                $"topic {message.Topic} accepts {string.Join(", ", queue.Queue.AcceptMessageTypes)} messages, not {type} (client-side check)",
                Operation);
        }

        var messageId = MessageIds.Shared.Next(context.Time.GetUtcNow());
        using var span = MessagingActivity.Start("send", MessagingAttributes.Send, ActivityKind.Producer, message.Topic, queue.Endpoint, context.ClientId)
            .SetMessage(messageId, message.Tag, message.Keys)
            .SetTag(MessagingAttributes.MessageType, type.ToString().ToLowerInvariant());
        var encoded = MessageEncoder.Encode(message, messageId, type, context, span.Activity);
        var request = new SendMessageRequest { Messages = { encoded } };
        for (var attempt = 1; ; attempt++)
        {
            encoded.SystemProperties.BornTimestamp = Timestamp.FromDateTimeOffset(context.Time.GetUtcNow());
            encoded.SystemProperties.QueueId = queue.Id;
            try
            {
                var response = await context.UnaryAsync(queue.Endpoint, Operation, (client, options) => client.SendMessageAsync(request, options), cancellationToken);
                var receipt = ReadReceipt(response);
                MessagingInstruments.SentMessages.Add(1, MessagingInstruments.MessageTags(message.Topic, "send"));
                return (receipt, queue.Endpoint);
            }
            catch (RocketMqException exception) when (attempt < publishing.MaxAttempts && StatusErrors.IsTransient(exception))
            {
                var delay = exception is TooManyRequestsException ? publishing.Backoff.DelayAfter(attempt) : TimeSpan.Zero;
                ClientLog.SendRetrying(logger, message.Topic, messageId, attempt, exception.Message, delay);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, context.Time, cancellationToken);
                }

                queue = route.Next(route.Writable, avoid: queue.Endpoint)!;
            }
            catch (Exception exception)
            {
                span.Fail(exception);
                throw;
            }
        }
    }

    /// <summary>
    /// The result of the one message sent: an OK entry wins over the top-level status (as the
    /// official C# client reads it); no entry at all is the broker's failure.
    /// </summary>
    internal static SendReceipt ReadReceipt(SendMessageResponse response)
    {
        var entry = response.Entries.FirstOrDefault(e => e.Status?.Code == Code.Ok) ?? response.Entries.FirstOrDefault();
        StatusErrors.ThrowIfFailed(entry?.Status is { Code: Code.Ok } ? entry.Status : response.Status, Operation);
        if (entry is null)
        {
            throw new InternalErrorException(RocketMqStatusCode.InternalServerError, "the broker answered without a send result", Operation);
        }

        StatusErrors.ThrowIfFailed(entry.Status, Operation);
        return new SendReceipt(entry.MessageId, entry.TransactionId, entry.Offset);
    }
}
