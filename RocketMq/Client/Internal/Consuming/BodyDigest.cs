using System.Globalization;
using System.Security.Cryptography;
using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.Internal.Consuming;

/// <summary>
/// Checks a delivered body against the digest the broker sent with it (reference §12), on the raw
/// bytes as received (before any decompression). The real proxy always sends MD5.
/// </summary>
internal static class BodyDigest
{
    /// <summary>The checksum text the official clients compute: uppercase hex (CRC32 without leading zeros).</summary>
    public static string? Compute(DigestType type, ReadOnlySpan<byte> body) => type switch
    {
        // MD5 and SHA-1 are the integrity checks the protocol defines; nothing here relies on them for security.
#pragma warning disable CA5350, CA5351
        DigestType.Md5 => Convert.ToHexString(MD5.HashData(body)),
        DigestType.Sha1 => Convert.ToHexString(SHA1.HashData(body)),
#pragma warning restore CA5350, CA5351
        DigestType.Crc32 => Crc32.Compute(body).ToString("X", CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// True when the body does not match. A digest of a type this client does not know cannot be
    /// checked and counts as intact. Hex case and a CRC32's leading zeros are not held against the
    /// sender; a CRC32 in decimal (the Node client's form) is accepted too.
    /// </summary>
    public static bool IsCorrupted(Digest? digest, ReadOnlySpan<byte> body)
    {
        if (digest is null || Compute(digest.Type, body) is not { } expected)
        {
            return false;
        }

        var actual = digest.Checksum.Trim();
        if (digest.Type == DigestType.Crc32)
        {
            var crc = Crc32.Compute(body);
            return !(uint.TryParse(actual, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) && hex == crc)
                && !(uint.TryParse(actual, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) && dec == crc);
        }

        return !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
    }
}
