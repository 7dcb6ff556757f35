using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq;

/// <content>Giving a message up at once: the dead-letter topic without the remaining delivery attempts.</content>
public sealed partial class SimpleConsumer
{
    /// <summary>
    /// Moves a received message to the group's dead-letter topic <c>%DLQ%&lt;group&gt;</c> now,
    /// instead of letting it come back until the group's max attempts are used up: for a message no
    /// retry can process. The broker stores the copy and acks this delivery, so the group is done
    /// with the message; do not ack it as well. The broker does not check whether the receipt
    /// handle has expired (a message already delivered again may then reach the dead-letter topic
    /// while its new delivery goes on).
    /// </summary>
    /// <param name="message">A message this consumer received.</param>
    /// <param name="cancellationToken">Cancels the call (the broker may still have moved the message).</param>
    /// <exception cref="ArgumentException">The message was not received by a consumer.</exception>
    /// <exception cref="ObjectDisposedException">The consumer is disposed.</exception>
    /// <exception cref="InternalErrorException">
    /// The broker could not move it: a receipt handle it cannot read, or a message it no longer holds.
    /// The message is then left as it was, to come back after its invisible duration.
    /// </exception>
    /// <exception cref="RocketMqException">The broker refused the call, or could not be reached.</exception>
    public async Task ForwardToDeadLetterQueueAsync(MessageView message, CancellationToken cancellationToken = default)
    {
        const string Operation = "forward_to_dead_letter_queue";
        var handle = ReceiptHandleOf(message);
        using var span = StartSettle(Operation, message);
        try
        {
            var request = new ForwardMessageToDeadLetterQueueRequest
            {
                Group = _group,
                Topic = _runtime.Context.Resource(message.Topic),
                ReceiptHandle = handle,
                MessageId = message.MessageId,
                // The proxy ignores both; they are filled as the official push consumers fill them.
                DeliveryAttempt = message.DeliveryAttempt,
                MaxDeliveryAttempts = _role.MaxDeliveryAttempts ?? 0,
            };
            var response = await _runtime.Context.UnaryAsync(
                message.Endpoint,
                "ForwardMessageToDeadLetterQueue",
                (client, options) => client.ForwardMessageToDeadLetterQueueAsync(request, options),
                cancellationToken);
            StatusErrors.ThrowIfFailed(response.Status, "ForwardMessageToDeadLetterQueue");
            MessagingInstruments.DeadLetteredMessages.Add(1, MessagingInstruments.MessageTags(message.Topic, Operation, ConsumerGroup));
        }
        catch (Exception exception)
        {
            span.Fail(exception);
            throw;
        }
    }
}
