using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PointsDemo.Data;
using PointsDemo.Diagnostics;
using PointsDemo.RocketMq;
using PointsDemo.UserService.Data;

namespace PointsDemo.UserService.Registration;

/// <summary>
/// Registers a user and tells PointsService, reliably: (1) the half message, which the broker holds
/// back from consumers; (2) one local transaction storing the user and the barrier row
/// <c>(registration id, committed)</c>; (3) commit the message, or roll it back if (2) failed. If
/// the process dies between the steps, or (2)'s commit is sent but not confirmed, the broker's
/// check-back asks <see cref="RegistrationTransactionChecker"/>, which answers from the barrier.
/// </summary>
internal sealed class UserRegistration(
    Producer producer,
    UsersDbContext db,
    IRegistrationCrashPoints crashPoints,
    IOptions<RegistrationOptions> options,
    TimeProvider time,
    ILogger<UserRegistration> logger)
{
    public async Task<RegistrationResult> RegisterAsync(string email, string displayName, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await RegisterOnceAsync(email, displayName, cancellationToken);
            outcome = RegistrationTelemetry.OutcomeOf(result);
            return result;
        }
        finally
        {
            RegistrationTelemetry.RecordDuration(time.GetElapsedTime(started), outcome);
        }
    }

    private async Task<RegistrationResult> RegisterOnceAsync(string email, string displayName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            Email = email.Trim(),
            NormalizedEmail = User.Normalize(email),
            DisplayName = displayName.Trim(),
            RegisteredAt = now,
            RegistrationId = Guid.CreateVersion7(now),
        };
        var registrationId = user.RegistrationId;
        using var registrationScope = RegistrationIds.Begin(logger, registrationId, user.Id);
        var message = new UserRegisteredMessage(
            registrationId, user.Id, user.Email, user.DisplayName, options.Value.PointsOnRegistration, now);

        await crashPoints.ReachedAsync(RegistrationStep.BeforeHalfMessage, message, cancellationToken);
        var transaction = producer.BeginTransaction();
        SendReceipt receipt;
        try
        {
            receipt = await transaction.SendAsync(message.ToMessage(options.Value.CheckBackAfter), cancellationToken);
        }
        catch (RocketMqException exception)
        {
            RegistrationLog.BrokerUnavailable(logger, registrationId, exception);
            return new RegistrationResult.Unavailable("The message broker is unavailable.");
        }

        using var messageScope = RegistrationTelemetry.BeginMessage(logger, receipt.MessageId);

        var stored = await StoreAsync(user, message, cancellationToken);
        if (stored is RegistrationResult.Undecided)
        {
            // Neither commit nor roll back: the barrier row says whether the user was stored, and the check-back reads it.
            return stored;
        }

        if (stored is not null)
        {
            await RollBackAsync(transaction, registrationId);
            return stored;
        }

        try
        {
            // In the try: a seam that throws a RocketMqException here is a COMMIT that never reached the broker.
            await crashPoints.ReachedAsync(RegistrationStep.AfterLocalCommit, message, cancellationToken);

            // The user is stored: finish the protocol even if the caller has gone away.
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (RocketMqException exception)
        {
            // Not the caller's problem: the barrier says 'committed', and the check-back will read it.
            RegistrationLog.CommitLeftToCheckBack(logger, registrationId, user.Id, exception);
        }

        RegistrationLog.Registered(logger, user.Id, registrationId, receipt.MessageId);
        return new RegistrationResult.Registered(user);
    }

    /// <summary>The local transaction: the user and the barrier row, together or not at all. Null when committed.</summary>
    private async Task<RegistrationResult?> StoreAsync(User user, UserRegisteredMessage message, CancellationToken cancellationToken)
    {
        try
        {
            // In the try: a seam that throws a database exception here fails the local transaction as a database would.
            await crashPoints.ReachedAsync(RegistrationStep.AfterHalfMessage, message, cancellationToken);

            // The transaction is explicit although one SaveChanges would be atomic on its own: it is
            // the step the pattern is about, and it is where a real service would do more of its own work.
            // A failure rolls it back whole, so EF's savepoint around SaveChanges would only add two round trips.
            db.Database.AutoSavepointsEnabled = false;
            await using var local = await db.Database.BeginTransactionAsync(cancellationToken);
            db.RegistrationBarriers.Add(new RegistrationBarrier { RegistrationId = user.RegistrationId, Outcome = RegistrationBarrier.Committed });
            db.Users.Add(user);

            // Both INSERTs in one batch, one round trip. The barrier's key and the unique email index decide.
            await db.SaveChangesAsync(cancellationToken);
            try
            {
                await local.CommitAsync(cancellationToken);
            }
            catch (Exception exception) when (PostgresErrors.IsDatabaseFailure(exception))
            {
                // The COMMIT was sent but its answer never came (a connection lost, a server gone):
                // the user may be stored. Rolling the message back could leave a stored user without
                // points, and running the transaction again would meet its own barrier row.
                RegistrationLog.CommitOutcomeUnknown(logger, user.RegistrationId, exception);
                return new RegistrationResult.Undecided("The user database did not confirm the registration; if it was stored, registering again answers 409.");
            }

            return null;
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation(UsersDbContext.UniqueEmailIndex))
        {
            RegistrationLog.DuplicateEmail(logger, user.RegistrationId);
            return new RegistrationResult.DuplicateEmail();
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation(UsersDbContext.BarrierKey))
        {
            // A check-back found no barrier row, wrote 'rolled_back' and discarded the message: this registration is void.
            RegistrationLog.CheckBackWon(logger, user.RegistrationId);
            return new RegistrationResult.Unavailable("The registration took too long; please try again.");
        }
        catch (DbUpdateException exception) when (exception.IsDataException(out var sqlState))
        {
            RegistrationLog.InvalidData(logger, user.RegistrationId, sqlState);
            return new RegistrationResult.InvalidData();
        }
        catch (Exception exception) when (PostgresErrors.IsDatabaseFailure(exception))
        {
            RegistrationLog.DatabaseUnavailable(logger, user.RegistrationId, exception);
            return new RegistrationResult.Unavailable("The user database is unavailable.");
        }
        finally
        {
            // However it ended, the context forgets both rows: after a failure they would still be
            // Added, and any later SaveChanges on this context would try to insert them again.
            db.ChangeTracker.Clear();
        }
    }

    private async Task RollBackAsync(Transaction transaction, Guid registrationId)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (RocketMqException exception)
        {
            // No barrier row was committed, so the check-back will answer ROLLBACK.
            RegistrationLog.RollbackLeftToCheckBack(logger, registrationId, exception);
        }
    }
}
