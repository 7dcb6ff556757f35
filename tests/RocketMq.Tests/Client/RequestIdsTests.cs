using PointsDemo.RocketMq.Internal.Identity;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class RequestIdsTests
{
    [Fact]
    public void Writes_the_prefix_then_the_sequence_big_endian_as_a_guid()
    {
        var id = RequestIds.Format(0x0123456789ABCDEF, 0x2A);

        Assert.Equal("01234567-89ab-cdef-0000-00000000002a", id.ToString());
    }

    [Fact]
    public void Ids_of_concurrent_calls_are_all_distinct_and_share_the_process_prefix()
    {
        var ids = new Guid[4][];
        Parallel.For(0, ids.Length, i => ids[i] = [.. Enumerable.Range(0, 1_000).Select(_ => RequestIds.Next())]);
        var all = ids.SelectMany(i => i).Select(id => id.ToString()).ToList();

        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Single(all.Select(id => id[..19]).Distinct());
    }
}
