using PointsDemo.RocketMq.Internal.Identity;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class MessageIdsTests
{
    private static readonly byte[] Mac = Convert.FromHexString("0242AC110002");

    [Fact]
    public void Formats_the_protocol_documents_example_computed_by_hand()
    {
        // 01 | MAC 0242AC110002 | pid 12345 = 0x3039 | 2024-01-02T03:04:05Z = 94,705,445 s after
        // 2021-01-01 = 0x05A51725 | sequence 1.
        var id = MessageIds.Format(Mac, 12345, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), 1);

        Assert.Equal("010242AC110002303905A5172500000001", id);
    }

    [Fact]
    public void Keeps_only_the_low_16_bits_of_the_process_id_and_the_low_32_bits_of_the_seconds()
    {
        // pid 0x12345 → 0x2345; the far future wraps the 32-bit seconds field.
        var time = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(0x1_0000_0002L);

        var id = MessageIds.Format(Mac, 0x12345, time, 0xFFFFFFFF);

        Assert.Equal("010242AC110002" + "2345" + "00000002" + "FFFFFFFF", id);
    }

    [Fact]
    public void Successive_ids_share_the_prefix_and_count_up()
    {
        var ids = new MessageIds(Mac, 12345);
        var now = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var first = ids.Next(now);
        var second = ids.Next(now);

        Assert.Equal(34, first.Length);
        Assert.Equal("010242AC110002303905A51725", first[..26]);
        Assert.Equal(first[..26], second[..26]);
        Assert.Equal(Convert.ToUInt32(first[26..], 16) + 1, Convert.ToUInt32(second[26..], 16));
    }

    [Fact]
    public void The_shared_generator_makes_uppercase_version_01_ids_unique_under_concurrency()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = new string[10_000];
        Parallel.For(0, ids.Length, i => ids[i] = MessageIds.Shared.Next(now));

        Assert.All(ids, id => Assert.Matches("^01[0-9A-F]{32}$", id));
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}
