using Microsoft.EntityFrameworkCore;
using PointsDemo.PointsService.Data;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// Grants a registration's points exactly once. One transaction records the registration id under
/// its primary key, appends the ledger entry and raises the balance; a redelivered message finds the
/// id already recorded and changes nothing.
/// </summary>
internal sealed class PointsGrant(PointsDbContext db, IGrantCrashPoints crashPoints, TimeProvider time)
{
    public const string RegistrationReason = "registration";

    /// <summary>Grants the points; false when this registration was granted before (a duplicate delivery).</summary>
    public async Task<bool> GrantAsync(UserRegisteredMessage registered, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registered);
        var now = time.GetUtcNow();
        // One SaveChanges in a transaction that is rolled back whole on failure: EF's savepoint around it would only cost two more round trips.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // ON CONFLICT DO NOTHING rather than catching the violation: a concurrent delivery of the same
        // registration waits here for the first one's transaction, then sees it done (or takes over if it rolled back).
        var recorded = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO processed_registrations (registration_id, message_id, processed_at) VALUES ({registered.RegistrationId}, {messageId}, {now}) ON CONFLICT (registration_id) DO NOTHING",
            cancellationToken);
        if (recorded == 0)
        {
            return false;
        }

        db.LedgerEntries.Add(new LedgerEntry
        {
            Id = Guid.CreateVersion7(now),
            UserId = registered.UserId,
            RegistrationId = registered.RegistrationId,
            Points = registered.Points,
            Reason = RegistrationReason,
            GrantedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO point_balances (user_id, balance, updated_at) VALUES ({registered.UserId}, {(long)registered.Points}, {now})
            ON CONFLICT (user_id) DO UPDATE SET balance = point_balances.balance + excluded.balance, updated_at = excluded.updated_at
            """,
            cancellationToken);

        await crashPoints.ReachedAsync(GrantStep.BeforeGrantCommit, registered, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
