namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Acked messages are let go of: what the broker holds stays bounded however many pass through.</summary>
public sealed class BoundedMemoryTests
{
    [Fact]
    public async Task After_thousands_of_acked_messages_the_topic_holds_none_of_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        const int Count = 3000;
        const int Body = 512;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < Count / 8; i++)
            {
                await producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, new byte[Body]), ct);
            }
        }));

        var before = Topic(harness);
        Assert.Equal((Count, Count, (long)Count * Body), (before.Stored, before.Retained, before.RetainedBytes));

        var received = 0;
        while (received < Count)
        {
            var batch = await consumer.ReceiveAsync(SimpleConsumer.MaxBatchSize, Receiving.LongInvisibility, ct);
            await consumer.AckAsync(batch, ct);
            received += batch.Count;
        }

        var after = Topic(harness);
        Assert.Equal((Count, 0L, 0L, 0L, 0L), (after.Stored, after.Retained, after.RetainedBytes, after.InFlight, after.Ready));
        var storage = harness.Inspector.TakeSnapshot().Storage!;
        Assert.Equal((null, 0, 0L, 0L), (storage.DataFolder, storage.JournalSegments, storage.RetainedMessages, storage.RetainedBytes));
    }

    private static PointsDemo.RocketMq.DevBroker.TopicSnapshot Topic(BrokerHarness harness) =>
        Assert.Single(harness.Inspector.TakeSnapshot().Topics, t => t.Name == BrokerHarness.NormalTopic);
}
