using PointsDemo.UserService.Data;

namespace PointsDemo.UserService.Registration;

/// <summary>How a registration ended, as the endpoint turns it into a status code.</summary>
internal abstract record RegistrationResult
{
    private RegistrationResult()
    {
    }

    /// <summary>Stored, and its message committed (or left to the check-back to commit).</summary>
    public sealed record Registered(User User) : RegistrationResult;

    /// <summary>The address is already registered; nothing stored, the message rolled back.</summary>
    public sealed record DuplicateEmail : RegistrationResult;

    /// <summary>The database refused the values themselves; nothing stored, the message rolled back.</summary>
    public sealed record InvalidData : RegistrationResult;

    /// <summary>The broker or the database could not be used; nothing stored, the message (if sent) rolled back.</summary>
    public sealed record Unavailable(string Reason) : RegistrationResult;

    /// <summary>
    /// The local commit was sent but not confirmed: the user may or may not be stored. The message
    /// is left to the broker's check-back, which answers from the barrier row.
    /// </summary>
    public sealed record Undecided(string Reason) : RegistrationResult;
}
