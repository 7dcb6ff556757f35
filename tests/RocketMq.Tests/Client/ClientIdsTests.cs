using PointsDemo.RocketMq.Internal.Identity;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class ClientIdsTests
{
    [Fact]
    public void Uses_the_official_csharp_form_with_uppercase_base36_milliseconds()
    {
        // 2024-01-02T03:04:05Z = 1,704,164,645,000 ms = LQVRMNPK in base 36 (the protocol document's example).
        var id = ClientIds.Format("myhost", 4242, 1, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));

        Assert.Equal("myhost@4242@1@LQVRMNPK", id);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(35, "Z")]
    [InlineData(36, "10")]
    [InlineData(1295, "ZZ")]
    public void Writes_base36_digits(long value, string expected) => Assert.Equal(expected, ClientIds.ToBase36(value));

    [Fact]
    public void Numbers_instances_of_the_process_upwards_from_one()
    {
        var time = TimeProvider.System;
        var first = ClientIds.Next(time).Split('@');
        var second = ClientIds.Next(time).Split('@');

        Assert.Equal(4, first.Length);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), first[1]);
        // Other tests create clients concurrently, so later instances have larger numbers, not necessarily the next one.
        Assert.InRange(int.Parse(first[2], System.Globalization.CultureInfo.InvariantCulture), 1, int.MaxValue);
        Assert.True(int.Parse(second[2], System.Globalization.CultureInfo.InvariantCulture) > int.Parse(first[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
