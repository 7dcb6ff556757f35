namespace PointsDemo.PointsService.Data;

/// <summary>A registration whose points were granted; its primary key is what makes a redelivery harmless.</summary>
internal sealed class ProcessedRegistration
{
    public Guid RegistrationId { get; init; }

    /// <summary>The message that carried it (the first delivery that was granted).</summary>
    public required string MessageId { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}

/// <summary>One grant of points to a user: the history behind a balance.</summary>
internal sealed class LedgerEntry
{
    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public Guid RegistrationId { get; init; }

    public int Points { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset GrantedAt { get; init; }
}

/// <summary>A user's current points: the sum of their ledger entries, kept up to date in the same transaction.</summary>
internal sealed class PointBalance
{
    public Guid UserId { get; init; }

    public long Balance { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
