namespace PointsDemo.UserService.Data;

/// <summary>A registered user.</summary>
internal sealed class User
{
    public Guid Id { get; init; }

    /// <summary>The address as the user typed it (trimmed).</summary>
    public required string Email { get; init; }

    /// <summary>The address compared for uniqueness: two spellings of one mailbox are one user.</summary>
    public required string NormalizedEmail { get; init; }

    public required string DisplayName { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>The registration that created the user: the key of its message and of its barrier row.</summary>
    public Guid RegistrationId { get; init; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}
