using System.Net.Mail;

namespace PointsDemo.UserService.Apis;

/// <summary>The body of <c>POST /users</c>. Both fields are nullable so a missing one is a validation error, not a binding failure.</summary>
/// <param name="Email">The address to register; unique per user, case-insensitively.</param>
/// <param name="DisplayName">How the user is shown.</param>
internal sealed record RegisterUserRequest(string? Email, string? DisplayName)
{
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 100;

    /// <summary>The problems with the request, by field; empty when it is valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var email = Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            errors["email"] = ["The email is required."];
        }
        else if (email.Length > MaxEmailLength)
        {
            errors["email"] = [$"The email must be at most {MaxEmailLength} characters."];
        }
        else if (!IsPlainAddress(email))
        {
            errors["email"] = ["The email is not a valid address (expected name@example.com)."];
        }

        var displayName = DisplayName?.Trim();
        if (string.IsNullOrEmpty(displayName))
        {
            errors["displayName"] = ["The display name is required."];
        }
        else if (displayName.Length > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"The display name must be at most {MaxDisplayNameLength} characters."];
        }

        return errors;
    }

    // A bare address: no display-name form ("Ann <ann@example.com>"), no spaces, a dotted domain.
    private static bool IsPlainAddress(string email) =>
        MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && !email.Any(char.IsWhiteSpace)
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.');
}

/// <summary>A registered user, as the API shows it.</summary>
internal sealed record UserResponse(Guid Id, string Email, string DisplayName, DateTimeOffset RegisteredAt);
