using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PointsDemo.RocketMq.DevBroker.Consuming;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Validation;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

internal sealed partial class MessagingServiceImpl
{
    /// <summary>What the proxy uses instead of the request's invisible duration when it renews deliveries itself.</summary>
    private static readonly TimeSpan AutoRenewInvisibleDuration = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Pops up to 32 messages for the group, long polling until some arrive: frames
    /// <c>status</c> (OK, or MESSAGE_NOT_FOUND), the messages, then <c>delivery_timestamp</c>.
    /// Checks in the proxy's order: client settings, poll time, topic and group, invisible
    /// duration, filter.
    /// </summary>
    public override async Task ReceiveMessage(ReceiveMessageRequest request, IServerStreamWriter<ReceiveMessageResponse> responseStream, ServerCallContext context)
    {
        var session = broker.Clients.Find(ClientId(context))
            ?? throw new StatusException(Code.InternalServerError, "cannot find client settings for this client: send the settings on Telemetry first");
        var remaining = context.Deadline == DateTime.MaxValue ? (TimeSpan?)null : context.Deadline - DateTime.UtcNow;
        var poll = LongPolling.Compute(
            request.LongPollingTimeout?.ToTimeSpan(), remaining, session.Settings.RequestTimeout?.ToTimeSpan() ?? TimeSpan.Zero,
            Options.MinLongPollingTimeout, Options.MaxLongPollingTimeout, RequestMetadata.ClientVersion(context));
        var topicName = ResourceNames.CheckTopic(request.MessageQueue?.Topic);
        var group = ResourceNames.CheckGroup(request.Group);
        var invisible = request.AutoRenew ? AutoRenewInvisibleDuration : request.InvisibleDuration?.ToTimeSpan() ?? TimeSpan.Zero;
        CheckInvisibleDuration(invisible, Options.MinReceiveInvisibleDuration);
        var filter = TagFilter.Parse(request.FilterExpression);
        var topic = FindTopic(topicName);

        var batchSize = Math.Min(request.BatchSize, SettingsAnswerBatchSize);
        var state = broker.Groups.GetOrCreate(group);
        var pollEnd = broker.Time.GetUtcNow() + poll;
        var passedOver = false;
        while (true)
        {
            var arrival = broker.Topics.Arrivals.Next;
            var result = batchSize > 0
                ? state.Pop(topic, filter, batchSize, broker.NowMs, (long)invisible.TotalMilliseconds, Options.MaxDeliveryAttempts, BrokerState.BrokerName)
                : new PopResult([], false, null, [], Task.CompletedTask);
            passedOver |= result.PassedOver;
            // Deliveries and moved positions are answered only once on disk.
            await result.Durable;
            foreach (var dead in result.DeadLettered)
            {
                BrokerLog.DeadLettered(logger, dead.MessageId, topic.Name, dead.Topic, dead.DeadLetter!.DeliveryAttempts, group);
            }

            if (result.Deliveries.Count > 0)
            {
                await responseStream.WriteAsync(new ReceiveMessageResponse { Status = Statuses.Ok() }, context.CancellationToken);
                foreach (var delivery in result.Deliveries)
                {
                    await responseStream.WriteAsync(new ReceiveMessageResponse { Message = MessageConversion.ForDelivery(delivery) }, context.CancellationToken);
                }

                break;
            }

            var now = broker.Time.GetUtcNow();
            if (now >= pollEnd || broker.Stopping.IsCancellationRequested)
            {
                var status = Statuses.Of(Code.MessageNotFound, passedOver ? "no match message" : "no new message");
                await responseStream.WriteAsync(new ReceiveMessageResponse { Status = status }, context.CancellationToken);
                break;
            }

            // Wait for an arrival, the end of an invisibility window, or the end of the poll.
            var wakeAt = result.NextVisibleAtMs is { } visibleAt && DateTimeOffset.FromUnixTimeMilliseconds(visibleAt) < pollEnd
                ? DateTimeOffset.FromUnixTimeMilliseconds(visibleAt)
                : pollEnd;
            await WaitAsync(arrival, wakeAt - now, context.CancellationToken);
        }

        await responseStream.WriteAsync(
            new ReceiveMessageResponse { DeliveryTimestamp = Timestamp.FromDateTimeOffset(broker.Time.GetUtcNow()) }, context.CancellationToken);
    }

    /// <summary>
    /// Acks each entry: an expired handle (by its own numbers) is INVALID_RECEIPT_HANDLE, an
    /// unparseable one 50001; a valid handle of a delivery that is no longer current is accepted
    /// and changes nothing, as the broker does not track it.
    /// </summary>
    public override async Task<AckMessageResponse> AckMessage(AckMessageRequest request, ServerCallContext context)
    {
        var topicName = ResourceNames.CheckTopic(request.Topic);
        var group = ResourceNames.CheckGroup(request.Group);
        var response = new AckMessageResponse();
        var durable = Task.CompletedTask;
        foreach (var entry in request.Entries)
        {
            Apache.Rocketmq.V2.Status status;
            try
            {
                var handle = ReceiptHandle.ParseUnexpired(entry.ReceiptHandle, broker.NowMs);
                var topic = broker.Topics.Find(topicName) ?? throw new StatusException(Code.InternalServerError, "ack failed: status is abnormal");
                if (broker.Groups.GetOrCreate(group).Ack(topic, handle, out var acked))
                {
                    // Acks are journaled in order, so the last one on disk means all of them are.
                    durable = acked;
                }

                status = Statuses.Ok();
            }
            catch (StatusException refused)
            {
                status = refused.ToStatus();
            }

            response.Entries.Add(new AckMessageResultEntry { MessageId = entry.MessageId, ReceiptHandle = entry.ReceiptHandle, Status = status });
        }

        await durable;
        response.Status = Statuses.Aggregate([.. response.Entries.Select(e => e.Status)]);
        return response;
    }

    /// <summary>
    /// A new invisibility window from now (0 to 12 h; zero makes the message visible again at once)
    /// with a new receipt handle; the delivery attempt is not raised until the new window ends.
    /// </summary>
    public override async Task<ChangeInvisibleDurationResponse> ChangeInvisibleDuration(ChangeInvisibleDurationRequest request, ServerCallContext context)
    {
        var topicName = ResourceNames.CheckTopic(request.Topic);
        var group = ResourceNames.CheckGroup(request.Group);
        var duration = request.InvisibleDuration?.ToTimeSpan() ?? TimeSpan.Zero;
        CheckInvisibleDuration(duration, TimeSpan.Zero);
        var now = broker.NowMs;
        var handle = ReceiptHandle.ParseUnexpired(request.ReceiptHandle, now);
        const string Failed = "changeInvisibleDuration failed: status is abnormal";
        var topic = broker.Topics.Find(topicName) ?? throw new StatusException(Code.InternalServerError, Failed);
        var renewed = broker.Groups.GetOrCreate(group).ChangeInvisibleDuration(topic, handle, now, (long)duration.TotalMilliseconds, out var durable)
            ?? throw new StatusException(Code.InternalServerError, Failed);
        await durable;
        if (duration == TimeSpan.Zero)
        {
            broker.Topics.Arrivals.Pulse();
        }

        return new ChangeInvisibleDurationResponse { Status = Statuses.Ok(), ReceiptHandle = renewed.ToString() };
    }

    /// <summary>
    /// Moves the delivery to <c>%DLQ%&lt;group&gt;</c> at once (a consumer giving up); the handle's
    /// expiry is not checked. A handle of a delivery the group no longer holds (acked or forwarded
    /// already) is refused with 50001, which the proxy answers only for a message its broker no longer
    /// stores: for one still stored it adds another dead-letter copy.
    /// </summary>
    public override async Task<ForwardMessageToDeadLetterQueueResponse> ForwardMessageToDeadLetterQueue(ForwardMessageToDeadLetterQueueRequest request, ServerCallContext context)
    {
        var topicName = ResourceNames.CheckTopic(request.Topic);
        var group = ResourceNames.CheckGroup(request.Group);
        var handle = ReceiptHandle.Parse(request.ReceiptHandle);
        const string Failed = "forward message to dead letter queue failed: status is abnormal";
        var topic = broker.Topics.Find(topicName) ?? throw new StatusException(Code.InternalServerError, Failed);
        var dead = broker.Groups.GetOrCreate(group).ForwardToDeadLetter(topic, handle, out var durable)
            ?? throw new StatusException(Code.InternalServerError, Failed);
        await durable;
        BrokerLog.DeadLettered(logger, dead.MessageId, topicName, dead.Topic, dead.DeadLetter!.DeliveryAttempts, group);
        // The broker's remoting answer carries no remark, so the proxy's message is the numeric code.
        return new ForwardMessageToDeadLetterQueueResponse { Status = Statuses.Of(Code.Ok, "0") };
    }

    private const int SettingsAnswerBatchSize = Clients.SettingsAnswer.ReceiveBatchSize;

    private void CheckInvisibleDuration(TimeSpan duration, TimeSpan min)
    {
        if (duration < min)
        {
            throw new StatusException(Code.IllegalInvisibleTime, $"the invisibleTime is too small. min is {(long)min.TotalMilliseconds}");
        }

        if (duration > Options.MaxInvisibleDuration)
        {
            throw new StatusException(Code.IllegalInvisibleTime, $"the invisibleTime is too large. max is {(long)Options.MaxInvisibleDuration.TotalMilliseconds}");
        }
    }

    private async Task WaitAsync(Task arrival, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, broker.Stopping);
        var delay = Task.Delay(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, broker.Time, stop.Token);
        await Task.WhenAny(arrival, delay);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
