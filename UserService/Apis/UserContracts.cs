using System.Globalization;
using System.Net.Mail;
using System.Buffers;
using System.Text;

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
        else if (!IsStorableText(email))
        {
            errors["email"] = [UnstorableTextMessage];
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
        else if (!IsStorableText(displayName))
        {
            errors["displayName"] = [UnstorableTextMessage];
        }

        return errors;
    }

    private const string UnstorableTextMessage =
        "Control characters, unpaired surrogates and Unicode noncharacters are not allowed.";

    // PostgreSQL refuses NUL outright, and the other control characters, broken surrogate pairs and
    // noncharacters are never meant for interchange: refusing them here answers 400 before any
    // message is sent, instead of letting the database turn them into a failed transaction.
    private static bool IsStorableText(string text)
    {
        var remaining = text.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out var rune, out var consumed) != OperationStatus.Done
                || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control
                || IsNoncharacter(rune.Value))
            {
                return false;
            }

            remaining = remaining[consumed..];
        }

        return true;
    }

    // U+FDD0..U+FDEF, and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
    private static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    // A bare address: no display-name form ("Ann <ann@example.com>"), no spaces, a dotted domain.
    // MailAddress refuses a leading or doubled dot in the local part but not a trailing one, which
    // RFC 5322's dot-atom forbids as well: mail to "ann.@example.com" cannot be delivered.
    private static bool IsPlainAddress(string email) =>
        MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && !email.Any(char.IsWhiteSpace)
        && !address.User.EndsWith('.')
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.EndsWith('.');
}

/// <summary>A registered user, as the API shows it.</summary>
internal sealed record UserResponse(Guid Id, string Email, string DisplayName, DateTimeOffset RegisteredAt);
