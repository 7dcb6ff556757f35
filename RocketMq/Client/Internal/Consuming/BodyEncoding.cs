using System.IO.Compression;
using Google.Protobuf;
using ProtoEncoding = Apache.Rocketmq.V2.Encoding;

namespace PointsDemo.RocketMq.Internal.Consuming;

/// <summary>
/// Undoes the body encoding of a delivered message. For GZIP the official C# client looks at the
/// magic number: gzip (1F 8B) is gunzipped, zlib (78/79) inflated, anything else left as it is.
/// </summary>
internal static class BodyEncoding
{
    public static ReadOnlyMemory<byte> Decode(ProtoEncoding encoding, ByteString body)
    {
        var bytes = body.Memory;
        if (encoding != ProtoEncoding.Gzip || bytes.Length < 2)
        {
            return bytes;
        }

        var span = bytes.Span;
        if (span[0] == 0x1F && span[1] == 0x8B)
        {
            return Inflate(bytes, static s => new GZipStream(s, CompressionMode.Decompress));
        }

        if (span[0] is 0x78 or 0x79)
        {
            return Inflate(bytes, static s => new ZLibStream(s, CompressionMode.Decompress));
        }

        return bytes;
    }

    private static byte[] Inflate(ReadOnlyMemory<byte> compressed, Func<Stream, Stream> decompressor)
    {
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var inflating = decompressor(input);
        using var output = new MemoryStream();
        inflating.CopyTo(output);
        return output.ToArray();
    }
}
