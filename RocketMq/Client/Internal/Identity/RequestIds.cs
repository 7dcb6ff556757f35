using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PointsDemo.RocketMq.Internal.Identity;

/// <summary>
/// Request ids (the <c>x-mq-request-id</c> header): GUID-shaped, 8 random bytes drawn once per
/// process and a per-process sequence number in the other 8. Unique as a random GUID is, without
/// the read of the system's random source that <see cref="Guid.NewGuid"/> costs on every call.
/// </summary>
internal static class RequestIds
{
    private static readonly ulong Prefix = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
    private static long s_sequence;

    public static Guid Next() => Format(Prefix, unchecked((ulong)Interlocked.Increment(ref s_sequence)));

    public static Guid Format(ulong prefix, ulong sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, prefix);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], sequence);
        return new Guid(bytes, bigEndian: true);
    }
}
