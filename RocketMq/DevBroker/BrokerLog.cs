using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;

namespace PointsDemo.RocketMq.DevBroker;

/// <summary>The broker's log messages (source-generated: some are on the hot path).</summary>
internal static partial class BrokerLog
{
    [LoggerMessage(1, LogLevel.Information, "Dev broker serving apache.rocketmq.v2.MessagingService on {Endpoint} (h2c); inspection API: {Inspection}; topics: {Topics}")]
    public static partial void Started(ILogger logger, string endpoint, string inspection, string topics);

    [LoggerMessage(2, LogLevel.Information, "Client {ClientId} connected as {ClientType} ({Role}), language {Language} {Version}")]
    public static partial void ClientConnected(ILogger logger, string clientId, ClientType clientType, string role, string language, string version);

    [LoggerMessage(3, LogLevel.Debug, "Client {ClientId} re-sent its settings")]
    public static partial void SettingsRefreshed(ILogger logger, string clientId);

    [LoggerMessage(4, LogLevel.Information, "Client {ClientId} closed its Telemetry stream")]
    public static partial void ClientDisconnected(ILogger logger, string clientId);

    [LoggerMessage(5, LogLevel.Information, "Client {ClientId} terminated")]
    public static partial void ClientTerminated(ILogger logger, string clientId);

    [LoggerMessage(6, LogLevel.Warning, "Telemetry settings of client {ClientId} refused: {Reason}")]
    public static partial void SettingsRefused(ILogger logger, string clientId, string reason);

    [LoggerMessage(10, LogLevel.Information, "Check-back {Check}/{MaxChecks} for half message {MessageId} of topic {Topic} sent to producer {ClientId}")]
    public static partial void CheckBackSent(ILogger logger, int check, int maxChecks, string messageId, string topic, string clientId);

    [LoggerMessage(11, LogLevel.Warning, "Check-back {Check}/{MaxChecks} for half message {MessageId} of topic {Topic} not sent: no connected producer declared the topic (the check still counts)")]
    public static partial void CheckBackNoProducer(ILogger logger, int check, int maxChecks, string messageId, string topic);

    [LoggerMessage(12, LogLevel.Warning, "Check-back {Check}/{MaxChecks} for half message {MessageId} of topic {Topic} not delivered: the Telemetry stream of {ClientId} is gone")]
    public static partial void CheckBackLost(ILogger logger, int check, int maxChecks, string messageId, string topic, string clientId);

    [LoggerMessage(13, LogLevel.Warning, "Half message {MessageId} of topic {Topic} moved to {CheckMaxTopic} after {Checks} check-backs without an answer: it is not checked again unless resumed (POST /api/half-messages/{MessageId}/resume-checks)")]
    public static partial void HalfMessageParked(ILogger logger, string messageId, string topic, int checks, string checkMaxTopic);

    [LoggerMessage(17, LogLevel.Information, "Half message {MessageId} of topic {Topic} taken back from {CheckMaxTopic}: checked again from the first check")]
    public static partial void HalfMessageResumed(ILogger logger, string messageId, string topic, string checkMaxTopic);

    [LoggerMessage(14, LogLevel.Debug, "Transaction {TransactionId} of topic {Topic} ended: {Resolution} (source {Source})")]
    public static partial void TransactionEnded(ILogger logger, string transactionId, string topic, TransactionResolution resolution, TransactionSource source);

    [LoggerMessage(15, LogLevel.Information, "Transaction {TransactionId} of topic {Topic}: {Resolution} from the client ignored, its recovery time has passed; the check-back decides")]
    public static partial void LateClientResolution(ILogger logger, string transactionId, string topic, TransactionResolution resolution);

    [LoggerMessage(16, LogLevel.Error, "Check pass failed")]
    public static partial void CheckPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(20, LogLevel.Information, "Message {MessageId} of topic {Topic} moved to {DeadLetterTopic} after {Attempts} deliveries to group {Group}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string topic, string deadLetterTopic, int attempts, string group);

    [LoggerMessage(31, LogLevel.Warning, "{Method} refused: UNAUTHORIZED, {Reason}")]
    public static partial void Unauthorized(ILogger logger, string method, string reason);

    [LoggerMessage(40, LogLevel.Information, "Journal in {Folder}: {Segments} segment(s) read, {Records} record(s) replayed; {HalfMessages} half message(s), {Messages} message(s) held, {InFlight} delivery(ies) in flight")]
    public static partial void Recovered(ILogger logger, string folder, int segments, long records, int halfMessages, long messages, long inFlight);

    [LoggerMessage(41, LogLevel.Warning, "Journal segment {Segment} ended with a torn record at byte {Offset} (a crash mid-write): truncated there")]
    public static partial void TornTail(ILogger logger, string segment, long offset);

    [LoggerMessage(42, LogLevel.Debug, "Journal segment {Segment} started")]
    public static partial void SegmentStarted(ILogger logger, string segment);

    [LoggerMessage(43, LogLevel.Debug, "Journal segment {Segment} deleted: {Reason}")]
    public static partial void SegmentDeleted(ILogger logger, string segment, string reason);

    [LoggerMessage(44, LogLevel.Warning, "Journal segment {Segment} could not be deleted")]
    public static partial void SegmentNotDeleted(ILogger logger, string segment, Exception exception);

    [LoggerMessage(45, LogLevel.Critical, "The journal could not be written: requests that change state fail from now on")]
    public static partial void JournalFailed(ILogger logger, Exception exception);

    [LoggerMessage(46, LogLevel.Error, "Clean-up pass failed")]
    public static partial void CleanupFailed(ILogger logger, Exception exception);

    [LoggerMessage(30, LogLevel.Error, "{Method} failed unexpectedly; answered INTERNAL_SERVER_ERROR")]
    public static partial void Unexpected(ILogger logger, string method, Exception exception);
}
