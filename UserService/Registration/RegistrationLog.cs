using Microsoft.Extensions.Logging;

namespace PointsDemo.UserService.Registration;

/// <summary>What the registration flow and its checker log, with the ids that tie a registration together.</summary>
internal static partial class RegistrationLog
{
    // Debug: one line per registration is a stream, not news, and under load exporting it costs
    // more than the registration's own spans; failures and repairs stay at Warning/Information.
    [LoggerMessage(LogLevel.Debug, "Registered user {UserId} (registration {RegistrationId}, message {MessageId})")]
    public static partial void Registered(ILogger logger, Guid userId, Guid registrationId, string messageId);

    [LoggerMessage(LogLevel.Information, "Registration {RegistrationId} refused: the email is already registered; its message is rolled back")]
    public static partial void DuplicateEmail(ILogger logger, Guid registrationId);

    [LoggerMessage(LogLevel.Information, "Registration {RegistrationId} refused: the database rejected the input as invalid data (SQLSTATE {SqlState}); its message is rolled back")]
    public static partial void InvalidData(ILogger logger, Guid registrationId, string sqlState);

    [LoggerMessage(LogLevel.Warning, "Registration {RegistrationId} failed: the broker did not take the half message")]
    public static partial void BrokerUnavailable(ILogger logger, Guid registrationId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Registration {RegistrationId} failed: the local transaction did not commit; its message is rolled back")]
    public static partial void DatabaseUnavailable(ILogger logger, Guid registrationId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Registration {RegistrationId}: the local commit was not confirmed, so whether the user is stored is unknown; the check-back will settle its message")]
    public static partial void CommitOutcomeUnknown(ILogger logger, Guid registrationId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Registration {RegistrationId} lost its barrier to a check-back that already rolled its message back")]
    public static partial void CheckBackWon(ILogger logger, Guid registrationId);

    [LoggerMessage(LogLevel.Warning, "Registration {RegistrationId} (user {UserId}) is stored but its commit did not reach the broker; the check-back will commit it")]
    public static partial void CommitLeftToCheckBack(ILogger logger, Guid registrationId, Guid userId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Rolling back the message of registration {RegistrationId} failed; the check-back will roll it back")]
    public static partial void RollbackLeftToCheckBack(ILogger logger, Guid registrationId, Exception exception);

    [LoggerMessage(LogLevel.Information, "Check-back for registration {RegistrationId} (message {MessageId}) found it {Outcome}")]
    public static partial void CheckAnswered(ILogger logger, Guid registrationId, string messageId, string outcome);

    [LoggerMessage(LogLevel.Warning, "Check-back for message {MessageId} carries no registration id; rolling it back")]
    public static partial void CheckWithoutKey(ILogger logger, string messageId);
}
