using System.Diagnostics;
using PointsDemo.RocketMq.Internal.Diagnostics;

namespace PointsDemo.RocketMq;

/// <content>Processing a received message inside its consumer span.</content>
public sealed partial class SimpleConsumer
{
    /// <summary>
    /// Runs <paramref name="handler"/> on a received message inside a <c>process {topic}</c> span
    /// (kind Consumer) that follows OpenTelemetry's messaging conventions: <c>messaging.system</c>,
    /// <c>messaging.operation.name</c> and <c>.type</c> (<c>process</c>), the topic, the consumer
    /// group, the message id, tag and keys, and the delivery attempt. The span is the child of the
    /// producer's send span when the message carries its trace context
    /// (<see cref="MessageView.TraceContext"/>), so that a message's processing joins the trace that sent it.
    /// Its duration is recorded as <c>messaging.process.duration</c>.
    /// </summary>
    /// <remarks>
    /// A handler that throws fails the span (status Error, <c>error.type</c>) and the exception
    /// goes on to the caller; an <see cref="OperationCanceledException"/> thrown once
    /// <paramref name="cancellationToken"/> is cancelled is a shutdown, not a failure. A handler that
    /// deals with a failure itself calls <see cref="MessageProcessing.Fail"/>. Acking stays the
    /// caller's: it may ack a batch of processed messages in one request.
    /// <example>
    /// <code>
    /// foreach (var message in await consumer.ReceiveAsync(16, TimeSpan.FromSeconds(30), stoppingToken))
    /// {
    ///     var done = await consumer.ProcessAsync(message, async (processing, ct) =>
    ///     {
    ///         if (!Order.TryParse(processing.Message.Body, out var order))
    ///         {
    ///             processing.Fail(new FormatException("not an order"), "unreadable order: dead-lettered");
    ///             await consumer.ForwardToDeadLetterQueueAsync(processing.Message, ct);
    ///             return false;
    ///         }
    ///
    ///         await orders.SaveAsync(order, ct);
    ///         return true;
    ///     }, stoppingToken);
    ///     if (done)
    ///     {
    ///         await consumer.AckAsync(message, stoppingToken);
    ///     }
    /// }
    /// </code>
    /// </example>
    /// </remarks>
    /// <typeparam name="TResult">What the handler returns.</typeparam>
    /// <param name="message">A message this consumer received.</param>
    /// <param name="handler">The application's processing of the message.</param>
    /// <param name="cancellationToken">Given to the handler.</param>
    /// <returns>What the handler returned.</returns>
    public async ValueTask<TResult> ProcessAsync<TResult>(
        MessageView message, Func<MessageProcessing, CancellationToken, ValueTask<TResult>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(handler);
        using var span = MessagingActivity.Start(
                "process", MessagingAttributes.Process, ActivityKind.Consumer, message.Topic, message.Endpoint, ClientId, message.TraceContext ?? default)
            .MeasuredAs(MessagingInstruments.ProcessDuration, ConsumerGroup)
            .SetTag(MessagingAttributes.ConsumerGroup, ConsumerGroup)
            .SetMessage(message.MessageId, message.Tag, message.Keys)
            .SetTag(MessagingAttributes.DeliveryAttempt, message.DeliveryAttempt);
        var processing = new MessageProcessing(message, span);
        try
        {
            return await handler(processing, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            processing.Fail(exception);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="handler"/> on a received message inside its <c>process {topic}</c> span,
    /// as <see cref="ProcessAsync{TResult}(MessageView, Func{MessageProcessing, CancellationToken, ValueTask{TResult}}, CancellationToken)"/>
    /// does, for a handler that returns nothing.
    /// </summary>
    /// <param name="message">A message this consumer received.</param>
    /// <param name="handler">The application's processing of the message.</param>
    /// <param name="cancellationToken">Given to the handler.</param>
    /// <returns>The handler's end.</returns>
    public async ValueTask ProcessAsync(MessageView message, Func<MessageProcessing, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await ProcessAsync(
            message,
            async (processing, ct) =>
            {
                await handler(processing, ct);
                return true;
            },
            cancellationToken);
    }
}
