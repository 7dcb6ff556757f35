using Apache.Rocketmq.V2;
using Grpc.Core;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Storage.Journal;
using PointsDemo.RocketMq.DevBroker.Transactions;
using PointsDemo.RocketMq.DevBroker.Validation;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

internal sealed partial class MessagingServiceImpl
{
    /// <summary>
    /// Stores the messages after the proxy's checks in its order (first topic, each message's
    /// fields, then the topic type). TRANSACTION messages become half messages whose transaction
    /// id is the message id, with a transaction-data record for EndTransaction; DELAY messages
    /// wait for their delivery time.
    /// </summary>
    public override async Task<SendMessageResponse> SendMessage(SendMessageRequest request, ServerCallContext context)
    {
        if (request.Messages.Count == 0)
        {
            throw new StatusException(Code.MessageCorrupted, "no message to send");
        }

        var topicName = ResourceNames.CheckTopic(request.Messages[0].Topic);
        if (request.Messages.Any(m => m.Topic?.Name != topicName))
        {
            throw new StatusException(Code.MessageCorrupted, "topic in message is not same");
        }

        foreach (var message in request.Messages)
        {
            broker.Validator.Check(message);
        }

        var topic = broker.Topics.Find(topicName);
        foreach (var message in request.Messages)
        {
            MessageTypes.Check(topicName, topic?.Definition.Type, MessageTypes.Infer(message));
        }

        if (topic is null)
        {
            // Only %DLQ%/%RETRY% names get past the type check without being declared.
            throw new StatusException(Code.TopicNotFound, $"topic {topicName} not exist");
        }

        var response = new SendMessageResponse();
        var durable = Task.CompletedTask;
        foreach (var message in request.Messages)
        {
            response.Entries.Add(Store(topic, message, out durable));
        }

        // Answered once on disk: a send that was answered is not lost. Records are written in
        // order, so the last message's being durable means every one is.
        await durable;
        response.Status = Statuses.Aggregate([.. response.Entries.Select(e => e.Status)]);
        return response;
    }

    /// <summary>
    /// Ends a transaction: needs a live transaction-data record (else 50001, as for a second or
    /// late call); then COMMIT delivers the half message and ROLLBACK discards it. The proxy answers
    /// OK at once, so what the broker then refuses (nothing left to end; a client's own decision
    /// after the message's recovery time) is not reported.
    /// </summary>
    public override async Task<EndTransactionResponse> EndTransaction(EndTransactionRequest request, ServerCallContext context)
    {
        var topicName = ResourceNames.CheckTopic(request.Topic);
        var transactionId = request.TransactionId;
        if (string.IsNullOrWhiteSpace(transactionId))
        {
            throw new StatusException(Code.InvalidTransactionId, "transaction id cannot be empty");
        }

        if (!broker.Tokens.TryConsume(topicName, transactionId))
        {
            throw new StatusException(Code.InternalServerError, "org.apache.rocketmq.proxy.common.ProxyException: cannot found transaction data");
        }

        if (request.Resolution is TransactionResolution.Commit or TransactionResolution.Rollback)
        {
            await End(topicName, transactionId, request.Resolution, request.Source);
        }

        return new EndTransactionResponse { Status = Statuses.Ok() };
    }

    private SendResultEntry Store(TopicLog topic, ProtoMessage message, out Task durable)
    {
        var system = message.SystemProperties;
        var queueId = topic.SelectQueue(system.HasMessageGroup ? system.MessageGroup : null);
        var entry = new SendResultEntry { Status = Statuses.Ok(), MessageId = system.MessageId };
        switch (MessageTypes.Infer(message))
        {
            case MessageType.Transaction:
                var now = broker.Time.GetUtcNow();
                var held = message.Clone();
                held.Topic = new Resource { ResourceNamespace = message.Topic.ResourceNamespace, Name = topic.Name };
                held.SystemProperties.QueueId = queueId;
                held.SystemProperties.StoreTimestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now);
                held.SystemProperties.StoreHost = broker.Endpoint;
                var recovery = system.OrphanedTransactionRecoveryDuration is { } d ? TimeSpan.FromSeconds(d.Seconds) : (TimeSpan?)null;
                var half = broker.Halves.Add(topic.Name, queueId, held, now, recovery, out durable);
                broker.Tokens.Add(topic.Name, half.TransactionId);
                entry.TransactionId = half.TransactionId;
                entry.Offset = half.HalfOffset;
                break;
            case MessageType.Delay:
                broker.Topics.Delays.Add(topic, message, queueId, system.DeliveryTimestamp.ToDateTimeOffset(), out durable);
                break;
            default:
                entry.Offset = broker.Topics.Append(topic, message, queueId, out durable).Offset;
                break;
        }

        return entry;
    }

    private Task End(string topicName, string transactionId, TransactionResolution resolution, TransactionSource source)
    {
        if (source != TransactionSource.SourceServerCheck
            && broker.Halves.Find(topicName, transactionId) is { } pending
            && pending.ImmunityOver(broker.Time.GetUtcNow()))
        {
            BrokerLog.LateClientResolution(logger, transactionId, topicName, resolution);
            return Task.CompletedTask;
        }

        var topic = broker.Topics.Find(topicName);
        // The commit stores the message in its queue under the half store's lock, so the journal
        // never shows the half message both resolved and not, nor the commit twice.
        var half = broker.Halves.Remove(topicName, transactionId, h => Resolve(h, resolution, topic), out var durable);
        if (half is null)
        {
            return Task.CompletedTask; // Ended already (a spurious check answered twice): the broker just finds nothing.
        }

        broker.Metrics.TransactionEnded(
            topicName, resolution == TransactionResolution.Commit ? "commit" : "rollback", source == TransactionSource.SourceServerCheck ? "check" : "client");
        BrokerLog.TransactionEnded(logger, transactionId, topicName, resolution, source);
        return durable;
    }

    private Task Resolve(HalfMessage half, TransactionResolution resolution, TopicLog? topic)
    {
        if (resolution == TransactionResolution.Commit && topic is not null)
        {
            broker.Topics.Append(topic, half.Message, half.QueueId, out var stored, new StoreCause(EndsTransactionId: half.TransactionId));
            return stored;
        }

        return broker.Journal?.Append(Records.HalfRolledBack(half.TransactionId, broker.Time.GetUtcNow())).Durable ?? Task.CompletedTask;
    }
}
