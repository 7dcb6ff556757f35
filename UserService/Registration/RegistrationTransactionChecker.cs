using Microsoft.EntityFrameworkCore;
using PointsDemo.RocketMq;
using PointsDemo.UserService.Data;

namespace PointsDemo.UserService.Registration;

/// <summary>
/// Answers the broker's check-back for a registration whose commit never arrived, from the barrier
/// table. It first tries to write <c>(registration id, rolled_back)</c>:
/// <list type="bullet">
/// <item>the insert wins: no registration committed, and none can any more (its own barrier insert
/// would now fail on the key), so ROLLBACK;</item>
/// <item>the insert loses: the stored outcome decides. If the registration's transaction is still
/// open, PostgreSQL makes this insert wait until it ends, so the outcome read is how it ended,
/// never a guess.</item>
/// </list>
/// </summary>
internal sealed class RegistrationTransactionChecker(IServiceScopeFactory scopes, ILogger<RegistrationTransactionChecker> logger)
    : ITransactionChecker
{
    public async Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (UserRegisteredMessage.RegistrationIdOf(message) is not { } registrationId)
        {
            RegistrationLog.CheckWithoutKey(logger, message.MessageId);
            return TransactionResolution.Rollback;
        }

        var outcome = await DecideAsync(registrationId, cancellationToken);
        RegistrationLog.CheckAnswered(logger, registrationId, message.MessageId, outcome);
        return outcome == RegistrationBarrier.Committed ? TransactionResolution.Commit : TransactionResolution.Rollback;
    }

    /// <summary>The barrier's outcome for the registration, writing 'rolled_back' if there was none.</summary>
    internal async Task<string> DecideAsync(Guid registrationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();

        // Two statements, each in its own implicit transaction: in READ COMMITTED the SELECT takes a
        // new snapshot, so it sees the row of a transaction the INSERT waited for. One statement
        // (a CTE) would read with the snapshot taken before the wait and find nothing. The names are
        // the model's (UsersDbContext); UsersSchemaTests fails if they drift apart.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO registration_barriers (registration_id, outcome) VALUES ({registrationId}, {RegistrationBarrier.RolledBack}) ON CONFLICT (registration_id) DO NOTHING",
            cancellationToken);
        if (inserted == 1)
        {
            return RegistrationBarrier.RolledBack;
        }

        return await db.RegistrationBarriers
            .Where(b => b.RegistrationId == registrationId)
            .Select(b => b.Outcome)
            .SingleAsync(cancellationToken);
    }
}
