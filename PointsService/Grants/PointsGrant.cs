using Microsoft.EntityFrameworkCore;
using PointsDemo.PointsService.Data;

namespace PointsDemo.PointsService.Grants;

/// <summary>A message to grant: its registration, and the id of the message that carried it.</summary>
internal sealed record PendingGrant(UserRegisteredMessage Registration, string MessageId);

/// <summary>
/// Grants registrations' points exactly once. One statement records each registration id under its
/// primary key, appends the ledger entries and raises the balances; PostgreSQL runs a statement as a
/// transaction of its own, so all its writes commit together or not at all. A redelivered message
/// finds its id already recorded and changes nothing.
/// </summary>
internal sealed class PointsGrant(PointsDbContext db, TimeProvider time)
{
    public const string RegistrationReason = "registration";

    /// <summary>Grants one registration's points; false when it was granted before (a duplicate delivery).</summary>
    public async Task<bool> GrantAsync(UserRegisteredMessage registered, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registered);
        var granted = await GrantAsync([new PendingGrant(registered, messageId)], cancellationToken);
        return granted.Contains(registered.RegistrationId);
    }

    /// <summary>
    /// Grants a batch of messages in one statement; returns the registrations it granted now. Any
    /// other one was granted before, or is a second copy of one in the batch: a duplicate.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> GrantAsync(IReadOnlyList<PendingGrant> grants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var now = time.GetUtcNow();
        // The batch goes as one array per column; unnest turns them back into one row per message.
        var registrationIds = grants.Select(g => g.Registration.RegistrationId).ToArray();
        var messageIds = grants.Select(g => g.MessageId).ToArray();
        var userIds = grants.Select(g => g.Registration.UserId).ToArray();
        var points = grants.Select(g => g.Registration.Points).ToArray();
        var ledgerEntryIds = grants.Select(_ => Guid.CreateVersion7(now)).ToArray();

        // Every write in one statement, one round trip and no explicit transaction (which would cost
        // a second round trip for its COMMIT): ledger entries and balances are written only for the
        // registration ids this statement recorded. ON CONFLICT DO NOTHING rather than catching the
        // violation: a concurrent delivery of the same registration waits here for the first one's
        // statement, then sees it done (or takes over if it failed). Rows go in key order, so two
        // statements that overlap take their row locks in the same order and cannot deadlock.
        // The names are the model's (PointsDbContext); PointsSchemaTests fails if they drift apart.
        var granted = await db.Database.SqlQuery<Guid>(
            $"""
            WITH batch AS (
                -- one row per registration: a second copy of it in the batch is a duplicate delivery
                SELECT DISTINCT ON (registration_id) *
                FROM unnest({registrationIds}, {messageIds}, {userIds}, {points}, {ledgerEntryIds})
                    WITH ORDINALITY AS message (registration_id, message_id, user_id, points, ledger_entry_id, position)
                ORDER BY registration_id, position),
            recorded AS (
                INSERT INTO processed_registrations (registration_id, message_id, processed_at)
                SELECT registration_id, message_id, {now} FROM batch
                ON CONFLICT (registration_id) DO NOTHING
                RETURNING registration_id),
            granted AS (
                SELECT batch.* FROM batch JOIN recorded USING (registration_id)),
            ledger AS (
                INSERT INTO ledger_entries (id, user_id, registration_id, points, reason, granted_at)
                SELECT ledger_entry_id, user_id, registration_id, points, {RegistrationReason}, {now} FROM granted),
            balances AS (
                -- one row per user: the same user twice in a batch gets the sum
                INSERT INTO point_balances (user_id, balance, updated_at)
                SELECT user_id, sum(points), {now} FROM granted GROUP BY user_id ORDER BY user_id
                ON CONFLICT (user_id) DO UPDATE SET balance = point_balances.balance + excluded.balance, updated_at = excluded.updated_at)
            SELECT registration_id AS "Value" FROM recorded
            """).ToListAsync(cancellationToken);
        return granted.ToHashSet();
    }
}
