using System.Globalization;
using System.Net;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>What a request must get: the status, and for a 400 of a well-formed body the fields named, for a 201 what is stored.</summary>
internal sealed record Expectation(HttpStatusCode Status, string Why, IReadOnlySet<string>? InvalidFields = null, string? Email = null, string? DisplayName = null)
{
    /// <summary>For <c>GET /points</c> of an accepted user: the grant may still be on its way.</summary>
    public bool MayBeNotYetGranted { get; init; }
}

/// <summary>A user the API accepted.</summary>
internal sealed record AcceptedUser(Guid Id, string Email, string DisplayName);

/// <summary>
/// The model the generated requests are checked against: the documented rules of the public API
/// (README, issue 22, the ProblemDetails it answers with) written out on their own, never by calling
/// UserService's validator, and the users accepted so far.
/// </summary>
internal sealed class PublicApiModel
{
    public const int MaxBodyBytes = 4 * 1024;
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 100;

    // System.Text.Json's default: an object holding arrays nested 64 deep is 65 levels, one too many.
    private const int MaxJsonDepth = 64;

    // Kestrel's default limit on "GET <target> HTTP/1.1\r\n".
    private const int MaxRequestLine = 8 * 1024;

    private readonly List<AcceptedUser> _accepted = [];

    // An address is one user whatever its letter case.
    private readonly HashSet<string> _emails = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<AcceptedUser> Accepted => _accepted;

    public void Accept(Guid id, Expectation expected)
    {
        _accepted.Add(new AcceptedUser(id, expected.Email!, expected.DisplayName!));
        _emails.Add(expected.Email!);
    }

    /// <summary>The address a <see cref="PostDuplicate"/> sends.</summary>
    public string DuplicateEmail(PostDuplicate duplicate)
    {
        var email = _accepted.Count == 0 ? "first-duplicate@example.com" : _accepted[duplicate.Pick % _accepted.Count].Email;
        return duplicate.Upper ? email.ToUpperInvariant() : email.ToLowerInvariant();
    }

    /// <summary>The segment a <see cref="GetRoute"/> sends, before percent-encoding.</summary>
    public string SegmentText(PathSegment segment) => segment switch
    {
        KnownUser known when _accepted.Count > 0 => Padded(_accepted[known.Pick % _accepted.Count].Id.ToString(known.Format, CultureInfo.InvariantCulture), known.Padded),
        KnownUser known => Guid.Empty.ToString(known.Format, CultureInfo.InvariantCulture),
        UnknownId unknown => unknown.Id.ToString(unknown.Format, CultureInfo.InvariantCulture),
        Garbage garbage => garbage.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, null),
    };

    public Expectation ExpectPost(string? contentType, PostBody body, int bodyBytes)
    {
        // With neither a body nor a media type there is nothing to refuse as unsupported: the registration is missing.
        if (bodyBytes == 0 && contentType is null)
        {
            return new(HttpStatusCode.BadRequest, "there is no body");
        }

        if (!IsJsonMediaType(contentType))
        {
            return new(HttpStatusCode.UnsupportedMediaType, "the body is not declared JSON");
        }

        if (bodyBytes > MaxBodyBytes)
        {
            return new(HttpStatusCode.RequestEntityTooLarge, $"the body is over {MaxBodyBytes} bytes");
        }

        if (body is not ObjectBody json)
        {
            return new(HttpStatusCode.BadRequest, "the body is not a JSON object");
        }

        if (MalformedBecause(json) is { } malformed)
        {
            return new(HttpStatusCode.BadRequest, malformed);
        }

        var email = LastText(json, "email");
        var displayName = LastText(json, "displayName");
        var invalid = new HashSet<string>(StringComparer.Ordinal);
        if (!IsValidEmail(email))
        {
            invalid.Add("email");
        }

        if (!IsValidDisplayName(displayName))
        {
            invalid.Add("displayName");
        }

        if (invalid.Count > 0)
        {
            return new(HttpStatusCode.BadRequest, $"invalid: {string.Join(", ", invalid)}", invalid);
        }

        return _emails.Contains(email!.Trim())
            ? new(HttpStatusCode.Conflict, "the address is registered already")
            : new(HttpStatusCode.Created, "valid and new", Email: email.Trim(), DisplayName: displayName!.Trim());
    }

    public Expectation ExpectGet(GetRoute get, string path)
    {
        if ("GET ".Length + path.Length + " HTTP/1.1\r\n".Length > MaxRequestLine)
        {
            return new(HttpStatusCode.RequestUriTooLong, "the request line is over Kestrel's limit");
        }

        var text = SegmentText(get.Segment);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return new(HttpStatusCode.BadRequest, "Kestrel refuses a NUL in the request target");
        }

        var known = get.Segment is not Garbage { RawSuffix.Length: > 0 }
            && Guid.TryParse(text, CultureInfo.InvariantCulture, out var id)
            && _accepted.Any(user => user.Id == id);
        return known
            ? new(HttpStatusCode.OK, "an accepted user's id") { MayBeNotYetGranted = get.Points }
            : new(HttpStatusCode.NotFound, "nobody has this id");
    }

    /// <summary>
    /// The address rules: trimmed, 1 to 254 characters, storable text, no white space, and a bare
    /// address: one <c>@</c>; a local part of dot-separated atoms (RFC 5322 atext, and any non-ASCII
    /// character as RFC 6531 allows), so no leading, trailing or doubled dot; a domain of at least two
    /// non-empty labels of letters, digits and hyphens.
    /// </summary>
    public static bool IsValidEmail(string? value)
    {
        var email = value?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > MaxEmailLength || !IsStorable(email) || email.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var parts = email.Split('@');
        return parts.Length == 2
            && parts[0].Split('.').All(atom => atom.Length > 0 && atom.All(c => c > 0x7F || ApiCases.Atext.Contains(c, StringComparison.Ordinal)))
            && parts[1].Split('.') is { Length: >= 2 } labels
            && labels.All(label => label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    /// <summary>The display name rules: trimmed, 1 to 100 UTF-16 code units, storable text.</summary>
    public static bool IsValidDisplayName(string? value)
    {
        var name = value?.Trim();
        return !string.IsNullOrEmpty(name) && name.Length <= MaxDisplayNameLength && IsStorable(name);
    }

    /// <summary>No control character (Cc), no unpaired surrogate, no noncharacter (U+FDD0..U+FDEF, and U+xxFFFE, U+xxFFFF on every plane).</summary>
    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
            else
            {
                codePoint = text[i];
            }

            if (CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Control
                || codePoint is >= 0xFDD0 and <= 0xFDEF
                || (codePoint & 0xFFFF) is 0xFFFE or 0xFFFF)
            {
                return false;
            }
        }

        return true;
    }

    // ASP.NET Core reads a body as JSON for application/json and any */*+json media type, in any letter case.
    private static bool IsJsonMediaType(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    // Why the JSON reader must refuse the body before any rule sees it; null when it reads.
    private static string? MalformedBecause(ObjectBody body)
    {
        if (body.Framing is not (Framing.Compact or Framing.Spaced or Framing.Bom))
        {
            return $"the JSON is broken ({body.Framing})";
        }

        foreach (var member in body.Members)
        {
            if (member.Value is TextValue { Escaping: TextEscaping.ControlsRaw } raw && raw.Text.Any(c => c < 0x20))
            {
                return "a string holds a raw control character";
            }

            if (member.Value is LiteralValue literal && literal.Depth + 1 > MaxJsonDepth)
            {
                return $"the JSON is nested past {MaxJsonDepth} levels";
            }

            // The reader checks the structure of every member, but it decodes the text of only the
            // members it binds: a member the API does not know is skipped unread, so bytes that are
            // not UTF-8 or an unpaired surrogate there refuse nothing (what the property test found).
            if (!IsField(member.Key))
            {
                continue;
            }

            if (member.Value is TextValue text && (ApiCases.HasLoneSurrogate(text.Text) || text.Escaping == TextEscaping.BrokenUtf8))
            {
                return "a field is not UTF-8 or holds an unpaired surrogate";
            }

            if (member.Value is LiteralValue { Json: not "null" })
            {
                return "a field is not a string";
            }
        }

        return null;
    }

    private static bool IsField(string key) =>
        key.Equals("email", StringComparison.OrdinalIgnoreCase) || key.Equals("displayName", StringComparison.OrdinalIgnoreCase);

    // Property names match in any letter case, and of a repeated one the last occurrence counts.
    private static string? LastText(ObjectBody body, string field) =>
        body.Members.LastOrDefault(m => m.Key.Equals(field, StringComparison.OrdinalIgnoreCase))?.Value is TextValue text ? text.Text : null;

    private static string Padded(string text, bool padded) => padded ? $" {text} " : text;
}
