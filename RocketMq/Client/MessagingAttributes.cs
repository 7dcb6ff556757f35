namespace PointsDemo.RocketMq;

/// <summary>
/// Attribute names and values of OpenTelemetry's messaging conventions as this client uses them on
/// its spans and metrics, and its own RocketMQ ones; public so that an application's processing
/// span (a consumer's "process") speaks the same vocabulary.
/// </summary>
public static class MessagingAttributes
{
    /// <summary><c>messaging.system</c>: the messaging system, <see cref="SystemValue"/>.</summary>
    public const string System = "messaging.system";

    /// <summary>The value of <see cref="System"/> for RocketMQ.</summary>
    public const string SystemValue = "rocketmq";

    /// <summary><c>messaging.destination.name</c>: the topic.</summary>
    public const string DestinationName = "messaging.destination.name";

    /// <summary><c>messaging.operation.type</c>: <see cref="Send"/>, <see cref="Receive"/>, <see cref="Settle"/> or <see cref="Process"/>.</summary>
    public const string OperationType = "messaging.operation.type";

    /// <summary><c>messaging.operation.name</c>: the operation as the client names it (send, ack, end_transaction...).</summary>
    public const string OperationName = "messaging.operation.name";

    /// <summary><c>messaging.message.id</c>: the message id the broker knows the message by.</summary>
    public const string MessageId = "messaging.message.id";

    /// <summary><c>messaging.client.id</c>: the client's id as the broker knows it.</summary>
    public const string ClientId = "messaging.client.id";

    /// <summary><c>messaging.consumer.group.name</c>: the consumer group.</summary>
    public const string ConsumerGroup = "messaging.consumer.group.name";

    /// <summary><c>messaging.batch.message_count</c>: how many messages one operation carried.</summary>
    public const string BatchCount = "messaging.batch.message_count";

    /// <summary><c>messaging.rocketmq.message.tag</c>: the message's tag.</summary>
    public const string Tag = "messaging.rocketmq.message.tag";

    /// <summary><c>messaging.rocketmq.message.keys</c>: the message's keys.</summary>
    public const string Keys = "messaging.rocketmq.message.keys";

    /// <summary><c>messaging.rocketmq.message.type</c>: normal, fifo, delay or transaction.</summary>
    public const string MessageType = "messaging.rocketmq.message.type";

    /// <summary><c>messaging.rocketmq.message.delivery_attempt</c>: 1 for the first delivery, then one more per redelivery.</summary>
    public const string DeliveryAttempt = "messaging.rocketmq.message.delivery_attempt";

    /// <summary><c>messaging.rocketmq.transaction.resolution</c>: how a check-back was answered.</summary>
    public const string Resolution = "messaging.rocketmq.transaction.resolution";

    /// <summary><c>server.address</c>: the broker endpoint's host.</summary>
    public const string ServerAddress = "server.address";

    /// <summary><c>server.port</c>: the broker endpoint's port.</summary>
    public const string ServerPort = "server.port";

    /// <summary><c>error.type</c>: what went wrong, on a failed operation.</summary>
    public const string ErrorType = "error.type";

    /// <summary>A <see cref="OperationType"/>: sending a message.</summary>
    public const string Send = "send";

    /// <summary>A <see cref="OperationType"/>: receiving messages.</summary>
    public const string Receive = "receive";

    /// <summary>A <see cref="OperationType"/>: settling messages (ack, end transaction, change invisible duration).</summary>
    public const string Settle = "settle";

    /// <summary>A <see cref="OperationType"/>: processing a message (a consumer's handler, a check-back).</summary>
    public const string Process = "process";
}
