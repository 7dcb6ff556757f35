namespace PointsDemo.RocketMq.Internal.Diagnostics;

/// <summary>Attribute names and values of OpenTelemetry's messaging conventions, and this client's own.</summary>
internal static class MessagingAttributes
{
    public const string System = "messaging.system";
    public const string SystemValue = "rocketmq";
    public const string DestinationName = "messaging.destination.name";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string MessageId = "messaging.message.id";
    public const string ClientId = "messaging.client.id";
    public const string ConsumerGroup = "messaging.consumer.group.name";
    public const string BatchCount = "messaging.batch.message_count";
    public const string Tag = "messaging.rocketmq.message.tag";
    public const string Keys = "messaging.rocketmq.message.keys";
    public const string MessageType = "messaging.rocketmq.message.type";
    public const string DeliveryAttempt = "messaging.rocketmq.message.delivery_attempt";
    public const string Resolution = "messaging.rocketmq.transaction.resolution";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";

    // messaging.operation.type values
    public const string Send = "send";
    public const string Receive = "receive";
    public const string Settle = "settle";
    public const string Process = "process";
}
