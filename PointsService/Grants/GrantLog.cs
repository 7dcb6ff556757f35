namespace PointsDemo.PointsService.Grants;

/// <summary>What the consumer logs, with the ids that tie a registration together.</summary>
internal static partial class GrantLog
{
    // Debug: one line per registration is a stream, not news; duplicates, retries and failures stay above it.
    [LoggerMessage(LogLevel.Debug, "Granted {Points} points to user {UserId} for registration {RegistrationId} (message {MessageId})")]
    public static partial void Granted(ILogger logger, int points, Guid userId, Guid registrationId, string messageId);

    [LoggerMessage(LogLevel.Information, "Registration {RegistrationId} (message {MessageId}, attempt {DeliveryAttempt}) was granted before; acking the duplicate")]
    public static partial void Duplicate(ILogger logger, Guid registrationId, string messageId, int deliveryAttempt);

    [LoggerMessage(LogLevel.Error, "Poison message {MessageId} (attempt {DeliveryAttempt}): {Reason}; retrying until it is dead-lettered")]
    public static partial void Poison(ILogger logger, string messageId, int deliveryAttempt, string reason);

    [LoggerMessage(LogLevel.Information, "The grant of a batch of {Messages} messages failed ({Reason}); granting them one by one")]
    public static partial void BatchFailed(ILogger logger, int messages, string reason);

    [LoggerMessage(LogLevel.Warning, "Granting registration {RegistrationId} (message {MessageId}, attempt {DeliveryAttempt}) failed; retrying in {RetryDelay}")]
    public static partial void GrantFailed(ILogger logger, Guid registrationId, string messageId, int deliveryAttempt, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(
        LogLevel.Warning,
        "The database refused the content of registration {RegistrationId} (message {MessageId}, attempt {DeliveryAttempt}) with SQLSTATE {SqlState}; "
        + "no retry can succeed, so it goes to the dead-letter queue now")]
    public static partial void ContentRefused(ILogger logger, Guid registrationId, string messageId, int deliveryAttempt, string sqlState, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not move message {MessageId} to the dead-letter queue; retrying it in {RetryDelay} instead, until the broker dead-letters it")]
    public static partial void DeadLetterNotForwarded(ILogger logger, string messageId, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not delay message {MessageId}; it comes back after its invisible duration")]
    public static partial void RetryNotScheduled(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Acking message {MessageId} failed after its grant committed; the redelivery will be acked as a duplicate")]
    public static partial void AckFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Receiving from the broker failed; trying again in {Delay}")]
    public static partial void ReceiveFailed(ILogger logger, TimeSpan delay, Exception exception);

    // Warning, not Error: a learner armed this fault and is watching for it; the line names it and what comes next.
    [LoggerMessage(
        LogLevel.Warning,
        "Fault {Fault} left message {MessageId} of registration {RegistrationId} unacked after its grant committed, as a crash before the ack would; "
        + "the broker delivers it again after its invisible duration, and that delivery is acked as a duplicate")]
    public static partial void CrashedBeforeAck(ILogger logger, string fault, string messageId, Guid registrationId);

    [LoggerMessage(LogLevel.Error, "Processing message {MessageId} failed unexpectedly; it stays unacked and comes back after its invisible duration")]
    public static partial void Unexpected(ILogger logger, string messageId, Exception exception);
}
