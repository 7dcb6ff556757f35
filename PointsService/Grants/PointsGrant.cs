using Microsoft.EntityFrameworkCore;
using PointsDemo.PointsService.Data;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// Grants a registration's points exactly once. One statement records the registration id under its
/// primary key, appends the ledger entry and raises the balance; PostgreSQL runs a statement as a
/// transaction of its own, so the three writes commit together or not at all. A redelivered message
/// finds the id already recorded and changes nothing.
/// </summary>
internal sealed class PointsGrant(PointsDbContext db, IGrantCrashPoints crashPoints, TimeProvider time)
{
    public const string RegistrationReason = "registration";

    /// <summary>Grants the points; false when this registration was granted before (a duplicate delivery).</summary>
    public async Task<bool> GrantAsync(UserRegisteredMessage registered, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registered);
        await crashPoints.ReachedAsync(GrantStep.BeforeGrant, registered, cancellationToken);
        var now = time.GetUtcNow();

        // All three writes in one statement, one round trip and no explicit transaction (which would
        // cost a second round trip for its COMMIT): the ledger entry and the balance are written only
        // when the registration id was recorded. ON CONFLICT DO NOTHING rather than catching the
        // violation: a concurrent delivery of the same registration waits here for the first one's
        // statement, then sees it done (or takes over if it failed). The names are the model's
        // (PointsDbContext); PointsSchemaTests fails if they drift apart.
        var granted = await db.Database.ExecuteSqlAsync(
            $"""
            WITH recorded AS (
                INSERT INTO processed_registrations (registration_id, message_id, processed_at) VALUES ({registered.RegistrationId}, {messageId}, {now})
                ON CONFLICT (registration_id) DO NOTHING
                RETURNING registration_id),
            ledger AS (
                INSERT INTO ledger_entries (id, user_id, registration_id, points, reason, granted_at)
                SELECT {Guid.CreateVersion7(now)}, {registered.UserId}, registration_id, {registered.Points}, {RegistrationReason}, {now} FROM recorded)
            INSERT INTO point_balances (user_id, balance, updated_at)
            SELECT {registered.UserId}, {(long)registered.Points}, {now} FROM recorded
            ON CONFLICT (user_id) DO UPDATE SET balance = point_balances.balance + excluded.balance, updated_at = excluded.updated_at
            """,
            cancellationToken);
        return granted > 0;
    }
}
