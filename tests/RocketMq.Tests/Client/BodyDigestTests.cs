using System.IO.Compression;
using Apache.Rocketmq.V2;
using Google.Protobuf;
using PointsDemo.RocketMq.Internal.Consuming;
using ProtoEncoding = Apache.Rocketmq.V2.Encoding;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class BodyDigestTests
{
    private static readonly byte[] Hello = "hello"u8.ToArray();

    [Theory]
    [InlineData(DigestType.Md5, "5D41402ABC4B2A76B9719D911017C592")]
    [InlineData(DigestType.Sha1, "AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D")]
    [InlineData(DigestType.Crc32, "3610A686")]
    public void Computes_the_digests_the_official_clients_compare(DigestType type, string expected) =>
        Assert.Equal(expected, BodyDigest.Compute(type, Hello));

    [Fact]
    public void Crc32_is_written_without_leading_zeros()
    {
        // CRC-32 of "m21" is 0x03E0D52A.
        Assert.Equal("3E0D52A", BodyDigest.Compute(DigestType.Crc32, "m21"u8));
    }

    [Theory]
    [InlineData(DigestType.Md5, "5D41402ABC4B2A76B9719D911017C592")]
    [InlineData(DigestType.Md5, "5d41402abc4b2a76b9719d911017c592")]
    [InlineData(DigestType.Sha1, "AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D")]
    [InlineData(DigestType.Crc32, "3610A686")]
    [InlineData(DigestType.Crc32, "907060870")] // the Node client's decimal form
    [InlineData(DigestType.Unspecified, "anything")] // cannot be checked
    public void An_intact_body_is_not_corrupted(DigestType type, string checksum) =>
        Assert.False(BodyDigest.IsCorrupted(new Digest { Type = type, Checksum = checksum }, Hello));

    [Theory]
    [InlineData(DigestType.Md5, "5D41402ABC4B2A76B9719D911017C593")]
    [InlineData(DigestType.Sha1, "")]
    [InlineData(DigestType.Crc32, "3610A687")]
    public void A_body_that_does_not_match_is_corrupted(DigestType type, string checksum) =>
        Assert.True(BodyDigest.IsCorrupted(new Digest { Type = type, Checksum = checksum }, Hello));

    [Fact]
    public void Gzip_and_zlib_bodies_are_inflated_and_other_encodings_left_alone()
    {
        var text = "a body worth compressing, a body worth compressing"u8.ToArray();

        Assert.Equal(text, BodyEncoding.Decode(ProtoEncoding.Gzip, ByteString.CopyFrom(Compress(text, s => new GZipStream(s, CompressionLevel.Optimal)))).ToArray());
        Assert.Equal(text, BodyEncoding.Decode(ProtoEncoding.Gzip, ByteString.CopyFrom(Compress(text, s => new ZLibStream(s, CompressionLevel.Optimal)))).ToArray());
        Assert.Equal(text, BodyEncoding.Decode(ProtoEncoding.Gzip, ByteString.CopyFrom(text)).ToArray());
        Assert.Equal(text, BodyEncoding.Decode(ProtoEncoding.Identity, ByteString.CopyFrom(text)).ToArray());
    }

    internal static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output))
        {
            compressing.Write(data);
        }

        return output.ToArray();
    }
}
