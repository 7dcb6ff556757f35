using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal;

/// <summary>The client's log messages (source-generated: several sit on hot paths).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Information, "RocketMQ {ClientType} {ClientId} connected to {AccessPoint}")]
    public static partial void Started(ILogger logger, ClientType clientType, string clientId, AccessPoint accessPoint);

    [LoggerMessage(2, LogLevel.Warning, "RocketMQ {ClientType} could not connect to {AccessPoint} at start ({Reason}); it keeps trying in the background, and operations fail until it connects")]
    public static partial void StartDeferred(ILogger logger, ClientType clientType, AccessPoint accessPoint, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Route of topic {Topic} not refreshed: {Reason}")]
    public static partial void RouteRefreshFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Heartbeat to {Endpoint} failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, Endpoint endpoint, string reason);

    [LoggerMessage(5, LogLevel.Warning, "NotifyClientTermination to {Endpoint} failed: {Reason}")]
    public static partial void TerminationNotSent(ILogger logger, Endpoint endpoint, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Broker {Endpoint} did not answer the client settings within {Wait}; going on without its settings")]
    public static partial void SettingsNotAnswered(ILogger logger, Endpoint endpoint, TimeSpan wait);

    [LoggerMessage(11, LogLevel.Warning, "Telemetry stream to {Endpoint} ended by the broker")]
    public static partial void TelemetryEnded(ILogger logger, Endpoint endpoint);

    [LoggerMessage(12, LogLevel.Warning, "Telemetry stream to {Endpoint} broke")]
    public static partial void TelemetryFailed(ILogger logger, Endpoint endpoint, Exception exception);

    [LoggerMessage(13, LogLevel.Information, "Re-opening the Telemetry stream to {Endpoint} in {Delay}")]
    public static partial void TelemetryReconnecting(ILogger logger, Endpoint endpoint, TimeSpan delay);

    [LoggerMessage(14, LogLevel.Error, "Settings answered by {Endpoint} could not be applied")]
    public static partial void SettingsNotApplied(ILogger logger, Endpoint endpoint, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Broker {Endpoint} reported {Code} on the Telemetry stream: {StatusMessage}")]
    public static partial void TelemetryStatus(ILogger logger, Endpoint endpoint, Code code, string statusMessage);

    [LoggerMessage(42, LogLevel.Error, "Broker {Endpoint} refused the client's authentication (access key {AccessKey}) on the Telemetry stream: {Code} {StatusMessage}")]
    public static partial void TelemetryUnauthorized(ILogger logger, Endpoint endpoint, string accessKey, Code code, string statusMessage);

    [LoggerMessage(16, LogLevel.Debug, "Telemetry command {Command} from {Endpoint} ignored")]
    public static partial void TelemetryCommandIgnored(ILogger logger, Endpoint endpoint, TelemetryCommand.CommandOneofCase command);

    [LoggerMessage(17, LogLevel.Debug, "Telemetry write of {Command} to {Endpoint} failed")]
    public static partial void TelemetryWriteFailed(ILogger logger, Endpoint endpoint, TelemetryCommand.CommandOneofCase command, Exception exception);

    [LoggerMessage(20, LogLevel.Warning, "Send of message {MessageId} to topic {Topic} failed on attempt {Attempt} ({Reason}); retrying in {Delay}")]
    public static partial void SendRetrying(ILogger logger, string topic, string messageId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(21, LogLevel.Warning, "The broker's producer settings carry no exponential backoff; keeping the current retry policy")]
    public static partial void BackoffNotAdopted(ILogger logger);

    [LoggerMessage(22, LogLevel.Information, "Topic {Topic} declared for transaction check-backs")]
    public static partial void TopicDeclared(ILogger logger, string topic);

    [LoggerMessage(30, LogLevel.Error, "Check-back for message {MessageId} of topic {Topic} arrived, but no transaction checker is registered; the broker will ask again")]
    public static partial void CheckerMissing(ILogger logger, string topic, string messageId);

    [LoggerMessage(31, LogLevel.Information, "Check-back for message {MessageId} of topic {Topic} resolved {Resolution}")]
    public static partial void CheckResolved(ILogger logger, string topic, string messageId, TransactionResolution resolution);

    [LoggerMessage(32, LogLevel.Error, "Transaction checker failed for message {MessageId} of topic {Topic}; nothing is answered and the broker will ask again")]
    public static partial void CheckFailed(ILogger logger, string topic, string messageId, Exception exception);

    [LoggerMessage(33, LogLevel.Warning, "Answer {Resolution} to the check-back for message {MessageId} of topic {Topic} was not delivered ({Reason}); the broker will ask again")]
    public static partial void CheckAnswerFailed(ILogger logger, string topic, string messageId, TransactionResolution resolution, string reason);

    [LoggerMessage(34, LogLevel.Error, "Check-back from {Endpoint} carried a message this client cannot read; ignored")]
    public static partial void CheckMalformed(ILogger logger, Endpoint endpoint, Exception exception);

    [LoggerMessage(40, LogLevel.Warning, "Message {MessageId} of topic {Topic} does not match its body digest; delivered as corrupted")]
    public static partial void MessageCorrupted(ILogger logger, string topic, string messageId);

    [LoggerMessage(41, LogLevel.Error, "A message received from {Endpoint} cannot be read; left unacked, it will be redelivered and finally dead-lettered")]
    public static partial void MessageUnreadable(ILogger logger, Endpoint endpoint, Exception exception);
}
