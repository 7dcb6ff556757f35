namespace PointsDemo.UserService.Data;

/// <summary>
/// How a registration's transaction ended, keyed by the registration id (the message key). The
/// registration writes <see cref="Committed"/> inside its local transaction; a check-back that finds
/// no row writes <see cref="RolledBack"/>. The primary key lets only one of them win, which makes
/// the check-back's answer right even while the local transaction is still running.
/// </summary>
internal sealed class RegistrationBarrier
{
    public const string Committed = "committed";
    public const string RolledBack = "rolled_back";

    public Guid RegistrationId { get; init; }

    public required string Outcome { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}
