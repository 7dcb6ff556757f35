using System.Globalization;
using System.Text;
using CsCheck;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>One generated request to the public HTTP API.</summary>
internal abstract record ApiCase;

/// <summary><c>POST /users</c> with <paramref name="Body"/>, sent with <paramref name="ContentType"/> (no header when null).</summary>
internal sealed record PostUser(string? ContentType, PostBody Body) : ApiCase
{
    public override string ToString() => $"POST /users ({ContentType ?? "no Content-Type"}, {Body.Render().Length} bytes) {Body}";
}

/// <summary>
/// <c>POST /users</c> again with the address of an earlier accepted registration (the
/// <paramref name="Pick"/>-th, modulo how many there are) in other letter case; with none accepted
/// yet, a fixed address, which the next such case then repeats.
/// </summary>
internal sealed record PostDuplicate(int Pick, bool Upper) : ApiCase;

/// <summary><c>GET /users/{segment}</c>, or <c>GET /points/{segment}</c> when <paramref name="Points"/>.</summary>
internal sealed record GetRoute(bool Points, PathSegment Segment) : ApiCase
{
    public override string ToString() => $"GET /{(Points ? "points" : "users")}/{Segment}";
}

/// <summary>The last segment of a GET route.</summary>
internal abstract record PathSegment;

/// <summary>The id of an accepted user (the <paramref name="Pick"/>-th, modulo how many), in a <see cref="Guid.ToString(string)"/> format, optionally with spaces around it.</summary>
internal sealed record KnownUser(int Pick, string Format, bool Padded) : PathSegment;

/// <summary>An id nobody has.</summary>
internal sealed record UnknownId(Guid Id, string Format) : PathSegment;

/// <summary>Any text, percent-encoded as a URI segment; when <paramref name="RawSuffix"/> is set it follows unencoded (a broken or non-UTF-8 escape).</summary>
internal sealed record Garbage(string Text, string RawSuffix) : PathSegment
{
    public override string ToString() => $"Garbage({ApiCases.Show(Text)}{RawSuffix}, {Text.Length} chars)";
}

/// <summary>A POST body.</summary>
internal abstract record PostBody
{
    public abstract byte[] Render();
}

/// <summary>Bytes that are no JSON object at all (an array, a bare value, nothing, garbage).</summary>
internal sealed record OtherBody(string Description, byte[] Bytes) : PostBody
{
    public override byte[] Render() => Bytes;

    public override string ToString() => $"{Description} ({Bytes.Length} bytes)";
}

/// <summary>A JSON object of <paramref name="Members"/> in their order, shaped by <paramref name="Framing"/>, then padded with trailing spaces up to <paramref name="PadTo"/> bytes.</summary>
internal sealed record ObjectBody(IReadOnlyList<Member> Members, Framing Framing, int PadTo) : PostBody
{
    public override byte[] Render()
    {
        var json = new List<byte>();
        if (Framing == Framing.Bom)
        {
            json.AddRange(Encoding.UTF8.Preamble);
        }

        json.Add((byte)'{');
        if (Framing == Framing.Comment)
        {
            json.AddRange("/* a comment */"u8);
        }

        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0)
            {
                json.AddRange(Framing == Framing.Spaced ? ",\n  "u8 : ","u8);
            }

            ApiCases.WriteString(json, Members[i].Key, TextEscaping.Minimal);
            json.AddRange(Framing == Framing.Spaced ? " : "u8 : ":"u8);
            Members[i].Value.Write(json);
        }

        if (Framing == Framing.TrailingComma)
        {
            json.Add((byte)',');
        }

        json.Add((byte)'}');
        if (Framing == Framing.TrailingGarbage)
        {
            json.AddRange("}x"u8);
        }

        if (Framing == Framing.Truncated)
        {
            // Any strict prefix of an object without trailing whitespace is incomplete.
            json.RemoveRange(Math.Max(1, json.Count * 2 / 3), json.Count - Math.Max(1, json.Count * 2 / 3));
        }

        while (json.Count < PadTo)
        {
            json.Add((byte)' ');
        }

        return [.. json];
    }

    public override string ToString() =>
        $"{{{string.Join(", ", Members.Select(m => $"{ApiCases.Show(m.Key)}: {m.Value}"))}}} framed {Framing}{(PadTo > 0 ? $", padded to {PadTo} bytes" : "")}";
}

/// <summary>How the object's text is shaped; all but <see cref="Compact"/>, <see cref="Spaced"/> and <see cref="Bom"/> break it.</summary>
internal enum Framing
{
    Compact,
    Spaced,
    Bom,
    Truncated,
    TrailingGarbage,
    Comment,
    TrailingComma,
}

/// <summary>A member of the object.</summary>
internal sealed record Member(string Key, MemberValue Value);

/// <summary>A member's value.</summary>
internal abstract record MemberValue
{
    public abstract void Write(List<byte> json);
}

/// <summary>A JSON string holding <paramref name="Text"/> (which may hold lone surrogates), escaped as <paramref name="Escaping"/> says.</summary>
internal sealed record TextValue(string Text, TextEscaping Escaping) : MemberValue
{
    public override void Write(List<byte> json) => ApiCases.WriteString(json, Text, Escaping);

    public override string ToString() => $"{ApiCases.Show(Text)} ({Text.Length} chars, {Escaping})";
}

/// <summary>Any other JSON value, written as is: null, a number, a boolean, an array or an object, nested <paramref name="Depth"/> levels deep.</summary>
internal sealed record LiteralValue(string Json, int Depth) : MemberValue
{
    public override void Write(List<byte> json) => json.AddRange(Encoding.UTF8.GetBytes(Json));

    public override string ToString() => Json.Length > 40 ? $"{Json[..20]}… (depth {Depth})" : Json;
}

/// <summary>How a string is written into the JSON text.</summary>
internal enum TextEscaping
{
    /// <summary>Only what JSON requires is escaped; the rest is raw UTF-8 (a lone surrogate becomes its three bytes, which are not UTF-8).</summary>
    Minimal,

    /// <summary>Everything outside printable ASCII as <c>\uXXXX</c> (a lone surrogate too, which the reader must refuse).</summary>
    NonAscii,

    /// <summary>Every character as <c>\uXXXX</c>.</summary>
    All,

    /// <summary>As <see cref="Minimal"/>, but C0 controls raw, which JSON forbids inside a string.</summary>
    ControlsRaw,

    /// <summary>As <see cref="Minimal"/>, then a UTF-8 lead byte with no continuation byte before the closing quote.</summary>
    BrokenUtf8,
}

/// <summary>
/// The generators. Strings are drawn from every Unicode general category (lone surrogates and the
/// noncharacters included), and sizes cluster at the limits (254 characters of email, 100 of display
/// name, 4,096 bytes of body, 64 levels of JSON) and just past them.
/// </summary>
internal static class ApiCases
{
    public const string Atext = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";

    /// <summary>The characters <see cref="string.Trim()"/> removes: the Unicode White_Space property.</summary>
    public const string WhiteSpace = "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '-.";
    private const string LabelChars = "abcdefghijklmnopqrstuvwxyz0123456789";

    // Each general category's code points (surrogates as the code units D800-DFFF), then two
    // pseudo-categories that plain sampling of Cn and Zs would rarely reach: the 66 noncharacters and White_Space.
    private static readonly int[][] CodePoints = BuildCodePoints();

    /// <summary>One character (one or two UTF-16 code units) of a category chosen uniformly first.</summary>
    public static readonly Gen<string> AnyCategory =
        Gen.Int[0, CodePoints.Length - 1].SelectMany(category => Gen.Int[0, CodePoints[category].Length - 1].Select(i => AsText(CodePoints[category][i])));

    private static readonly Gen<string> Name = Gen.String[Gen.Char[NameChars], 1, 24];

    /// <summary>A display name: plain, from any category, blank, or sized around the 100-character limit.</summary>
    public static readonly Gen<string> DisplayName = Gen.Frequency(
        (6, Name),
        (4, Gen.Select(Name, AnyCategory.Array[1, 6], (name, extra) => Sprinkle(name, extra))),
        (2, AnyCategory.Array[1, 12].Select(string.Concat)),
        (1, Gen.OneOf("", " ", "\t \u3000", "\u2028")),
        (3, Sized(Gen.Int[95, 105], Gen.OneOf("x", "é", "\U0001F600"))),
        (1, Sized(Gen.Int[0, 400], Gen.OneOf("x", "名"))));

    /// <summary>An address: well formed (ASCII, or with characters of any category), broken in one of the ways the rules name, or sized around 254 characters.</summary>
    public static readonly Gen<string> Email = Gen.Frequency(
        (8, WellFormedEmail()),
        (3, Gen.Select(WellFormedEmail(), AnyCategory, Gen.Int[0, 1000], (email, extra, at) => email.Insert(at % (email.IndexOf('@', StringComparison.Ordinal) + 1), extra))),
        (3, Gen.Select(WellFormedEmail(), Gen.Int[0, 7], Break)),
        (2, Gen.Select(Gen.Int[240, 260], Gen.Int[0, 1000], (length, salt) => SizedEmail(length, salt))),
        (1, Gen.OneOf("", " ", "@", "ann", "ann@", "@example.com", "Ann <ann@example.com>")));

    /// <summary>A request to the API.</summary>
    public static readonly Gen<ApiCase> Case = Gen.Frequency(
        (14, Gen.Select(ContentType(), Body(), (type, body) => (ApiCase)new PostUser(type, body))),
        (1, Gen.Select(Gen.Int[0, 1000], Gen.Bool, (pick, upper) => (ApiCase)new PostDuplicate(pick, upper))),
        (4, Gen.Select(Gen.Bool, Segment(), (points, segment) => (ApiCase)new GetRoute(points, segment))));

    private static Gen<string?> ContentType() => Gen.Frequency(
        (20, Gen.Const<string?>("application/json")),
        (2, Gen.Const<string?>("application/json; charset=utf-8")),
        (1, Gen.OneOf<string?>("application/problem+json", "APPLICATION/JSON")),
        (2, Gen.OneOf<string?>("text/plain", "application/x-www-form-urlencoded", "application/xml", null)));

    private static Gen<PostBody> Body() => Gen.Frequency(
        (6, WellFormedBody()),
        (10, ObjectBody()),
        (1, Gen.OneOf<PostBody>(
            new OtherBody("empty", []),
            new OtherBody("whitespace", "  \n"u8.ToArray()),
            new OtherBody("null", "null"u8.ToArray()),
            new OtherBody("an array", """[{"email":"ann@example.com","displayName":"Ann"}]"""u8.ToArray()),
            new OtherBody("a string", "\"ann@example.com\""u8.ToArray()),
            new OtherBody("a number", "42"u8.ToArray()),
            new OtherBody("not JSON", "email=ann@example.com&displayName=Ann"u8.ToArray()))),
        (1, Gen.Byte.Array[1, 64].Select(bytes => (PostBody)new OtherBody("random bytes", bytes))));

    private static Gen<PostBody> ObjectBody() =>
        Gen.Select(Fields(), Extras(), Gen.Frequency((12, Gen.Const(Framing.Compact)), (3, Gen.Const(Framing.Spaced)), (1, Gen.Enum<Framing>())), Padding(), Gen.Int[0, 1000],
            (fields, extras, framing, padTo, seed) =>
            {
                // Extras go anywhere; the fields keep their order among themselves (the last of a repeated one counts).
                var members = new List<Member>(fields);
                foreach (var extra in extras)
                {
                    members.Insert((seed + members.Count) % (members.Count + 1), extra);
                }

                return (PostBody)new ObjectBody(members, framing, padTo);
            });

    // What most clients send: both fields, a well-formed address; the display name still from any category.
    private static Gen<PostBody> WellFormedBody() =>
        Gen.Select(WellFormedEmail(), DisplayName, (email, name) => (PostBody)new ObjectBody(
            [new Member("email", new TextValue(email, TextEscaping.Minimal)), new Member("displayName", new TextValue(name, TextEscaping.Minimal))], Framing.Compact, 0));

    // Most bodies are unpadded; some land just under, on and just over the 4,096-byte limit.
    private static Gen<int> Padding() => Gen.Frequency((8, Gen.Const(0)), (2, Gen.Int[4094, 4098]), (1, Gen.Int[0, 6000]));

    private static Gen<List<Member>> Fields() =>
        Gen.Select(Field(Gen.OneOf("email", "Email", "EMAIL"), Email), Field(Gen.OneOf("displayName", "DisplayName", "displayname"), DisplayName), Gen.Int[0, 9],
            (email, name, shape) =>
            {
                var members = new List<Member>();
                // Mostly both fields; sometimes one missing, swapped in order, or one repeated (the later occurrence counts).
                if (shape != 1)
                {
                    members.Add(email);
                }

                if (shape != 2)
                {
                    members.Add(name);
                }

                if (shape == 3)
                {
                    members.Reverse();
                }

                if (shape == 4)
                {
                    members.Insert(0, email with { Value = new TextValue("first@example.com", TextEscaping.Minimal) });
                }

                return members;
            });

    private static Gen<Member> Field(Gen<string> key, Gen<string> text) =>
        Gen.Select(key, Gen.Frequency((16, Text(text)), (2, WrongType()), (1, Gen.Const<MemberValue>(new LiteralValue("null", 0)))), (k, v) => new Member(k, v));

    private static Gen<MemberValue> Text(Gen<string> text) =>
        Gen.Select(text, Gen.Frequency((10, Gen.Const(TextEscaping.Minimal)), (3, Gen.Const(TextEscaping.NonAscii)), (1, Gen.Const(TextEscaping.All)), (1, Gen.Const(TextEscaping.ControlsRaw)), (1, Gen.Const(TextEscaping.BrokenUtf8))),
            (value, escaping) => (MemberValue)new TextValue(value, escaping));

    private static Gen<MemberValue> WrongType() => Gen.OneOf(
        Gen.OneOf<MemberValue>(
            new LiteralValue("42", 0), new LiteralValue("-0.5e3", 0), new LiteralValue("true", 0), new LiteralValue("[]", 1),
            new LiteralValue("""["ann@example.com"]""", 1), new LiteralValue("""{"value":"ann@example.com"}""", 1)),
        Gen.Int[1, 3].Select(depth => (MemberValue)Nested(depth)));

    // Members the API does not know: ignored unless they break the JSON (nested past its 64 levels).
    private static Gen<List<Member>> Extras() => Gen.Frequency(
        (6, Gen.Const(new List<Member>())),
        (3, Gen.Select(Gen.OneOf(Gen.OneOf("id", "points", "e-mail", "display_name", "emails"), AnyCategory), Gen.OneOf(Text(DisplayName), WrongType()), (key, value) => new List<Member> { new(key, value) })),
        (2, Gen.Int[60, 66].Select(depth => new List<Member> { new("nested", Nested(depth)) })));

    private static LiteralValue Nested(int depth) => new(new string('[', depth) + "1" + new string(']', depth), depth);

    private static Gen<PathSegment> Segment() => Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, 1000], Gen.OneOf("D", "N", "B", "P", "X", "d"), Gen.Int[0, 5], (pick, format, pad) => (PathSegment)new KnownUser(pick, format, pad == 0))),
        (3, Gen.Select(Gen.Guid, Gen.OneOf("D", "N", "B"), (id, format) => (PathSegment)new UnknownId(id, format))),
        (3, Gen.Select(AnyCategory.Array[1, 8].Select(string.Concat).Where(IsEncodableSegment), Gen.OneOf("", "", "", "%", "%ZZ", "%FF", "%C3%28"), (text, suffix) => (PathSegment)new Garbage(text, suffix))),
        (1, Gen.Int[7000, 9000].Select(length => (PathSegment)new Garbage(new string('a', length), ""))));

    // A lone surrogate cannot be percent-encoded, and "." or ".." would be resolved away by the client before it is sent.
    private static bool IsEncodableSegment(string text) => !HasLoneSurrogate(text) && text.Trim('.').Length > 0;

    private static Gen<string> WellFormedEmail() =>
        Gen.Select(
            Gen.String[Gen.Char[Atext], 1, 12].Array[1, 3],
            Gen.String[Gen.Char[LabelChars], 1, 10].Array[1, 3],
            Gen.OneOf("com", "org", "io", "example", "co.uk"),
            Gen.Bool,
            (atoms, labels, tld, upper) =>
            {
                var email = $"{string.Join('.', atoms)}@{string.Join('.', labels)}.{tld}";
                return upper ? email.ToUpperInvariant() : email;
            });

    // The ways an address breaks that the rules name: no @ or two, no dot in the domain, a space, a dot where a dot may not be, the display-name form.
    private static string Break(string email, int how)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return how switch
        {
            0 => email.Remove(at, 1),
            1 => email.Insert(at, "@x"),
            2 => email[..(at + 1)] + email[(at + 1)..].Replace(".", "", StringComparison.Ordinal),
            3 => email.Insert(at, " "),
            4 => email.Insert(at, "."),
            5 => "." + email,
            6 => email + ".",
            _ => $"Ann <{email}>",
        };
    }

    private static string SizedEmail(int length, int salt)
    {
        var domain = $"@d{salt}.example.com";
        return new string((char)('a' + salt % 26), Math.Max(1, length - domain.Length)) + domain;
    }

    // Text of about the given length in UTF-16 units, of a repeated piece (which may be a surrogate pair, to straddle the limit), padded with White_Space on both sides.
    private static Gen<string> Sized(Gen<int> length, Gen<string> piece) =>
        Gen.Select(length, piece, Gen.Int[0, 3], (units, p, pad) =>
        {
            var text = new StringBuilder();
            while (text.Length + p.Length <= units)
            {
                text.Append(p);
            }

            while (text.Length < units)
            {
                text.Append('y');
            }

            // Spaces before, and as many other White_Space characters after (none, "\n", "\v\f", "\f\r ").
            return new string(' ', pad) + text + WhiteSpace[pad..(pad * 2)];
        });

    private static string Sprinkle(string text, string[] extras)
    {
        var result = new StringBuilder(text);
        for (var i = 0; i < extras.Length; i++)
        {
            result.Insert((i * 7919) % (result.Length + 1), extras[i]);
        }

        return result.ToString();
    }

    private static int[][] BuildCodePoints()
    {
        var byCategory = Enum.GetValues<UnicodeCategory>().Select(_ => new List<int>()).ToArray();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            byCategory[(int)CharUnicodeInfo.GetUnicodeCategory(codePoint)].Add(codePoint);
        }

        var noncharacters = Enumerable.Range(0xFDD0, 32).Concat(Enumerable.Range(0, 17).SelectMany(plane => new[] { (plane << 16) | 0xFFFE, (plane << 16) | 0xFFFF }));
        return [.. byCategory.Select(list => list.ToArray()), noncharacters.ToArray(), WhiteSpace.Select(c => (int)c).ToArray()];
    }

    private static string AsText(int codePoint) => codePoint is >= 0xD800 and <= 0xDFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint);

    public static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes <paramref name="text"/> as a JSON string, escaped as <paramref name="escaping"/> says.</summary>
    public static void WriteString(List<byte> json, string text, TextEscaping escaping)
    {
        json.Add((byte)'"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\\')
            {
                json.Add((byte)'\\');
                json.Add((byte)c);
            }
            else if ((c < 0x20 && escaping != TextEscaping.ControlsRaw) || escaping == TextEscaping.All || (escaping == TextEscaping.NonAscii && c > 0x7E))
            {
                json.AddRange(Encoding.ASCII.GetBytes($"\\u{(int)c:X4}"));
            }
            else if (c < 0x80)
            {
                json.Add((byte)c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                json.AddRange(Encoding.UTF8.GetBytes(text.Substring(i, 2)));
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                // What a lenient encoder would write (WTF-8): three bytes that UTF-8 forbids.
                json.AddRange([0xED, (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            }
            else
            {
                json.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        if (escaping == TextEscaping.BrokenUtf8)
        {
            json.AddRange([0xC3, (byte)'(']);
        }

        json.Add((byte)'"');
    }

    /// <summary>Text for a failure message: everything outside printable ASCII as <c>\uXXXX</c>, long text shortened.</summary>
    public static string Show(string text)
    {
        var shown = string.Concat(text.Take(120).Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
        return $"\"{shown}{(text.Length > 120 ? "…" : "")}\"";
    }
}
