using Apache.Rocketmq.V2;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.DevBroker;

/// <summary>
/// The retention time on a fake clock (RocketMQ's <c>fileReservedTime</c>): messages nobody
/// consumed are let go of once older, and so are the journal segments that held them.
/// </summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Messages_and_segments_older_than_the_retention_time_are_deleted_even_unconsumed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero));
        using var data = new Integration.DataFolder();
        var options = new DevBrokerOptions { DataFolder = data.Path, SegmentSize = 4096, RetentionTime = TimeSpan.FromHours(1) };
        options.Topics.Add(new TopicDefinition("audit", TopicMessageType.Normal, 1));
        using var broker = new BrokerState(options, time, NullLoggerFactory.Instance);
        broker.Recover();
        var topic = broker.Topics.Find("audit")!;
        for (var i = 0; i < 100; i++)
        {
            broker.Topics.Append(topic, Message($"old-{i}"), 0, out var durable);
            await durable;
        }

        var segmentsBefore = data.Segments.Length;
        time.Advance(TimeSpan.FromHours(2));
        broker.Topics.Append(topic, Message("fresh"), 0, out var fresh);
        await fresh;
        broker.Cleanup.RunPass();

        Assert.True(segmentsBefore > 3, $"{segmentsBefore} segments");
        Assert.Equal((101L, 1L), (topic.Stored, topic.Retained.Messages));
        Assert.Equal("fresh", Assert.Single(topic.All()).MessageId);
        await Eventually.MeetsAsync(() => data.Segments.Length, n => n <= 2, "the expired segments to be deleted");
    }

    private static Apache.Rocketmq.V2.Message Message(string id) => new()
    {
        Topic = new Resource { Name = "audit" },
        Body = ByteString.CopyFrom(new byte[100]),
        SystemProperties = new SystemProperties { MessageId = id },
    };
}
