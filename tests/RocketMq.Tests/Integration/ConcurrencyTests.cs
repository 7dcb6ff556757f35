using System.Collections.Concurrent;
using System.Text;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Many clients at once: the broker neither loses nor duplicates a message.</summary>
public sealed class ConcurrencyTests
{
    private const int Producers = 4;
    private const int Consumers = 4;
    private const int MessagesPerProducer = 2_500;
    private const int SendsInFlightPerProducer = 8;

    [Fact]
    public async Task Four_producers_and_four_consumers_move_ten_thousand_messages_each_acked_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producers = await Task.WhenAll(Enumerable.Range(0, Producers).Select(_ => harness.StartProducerAsync(topics: BrokerHarness.NormalTopic)));
        var consumers = await Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic)));
        const int Total = Producers * MessagesPerProducer;
        var sent = new ConcurrentDictionary<string, byte>();
        var acked = new ConcurrentDictionary<string, int>();
        var deliveries = 0;

        var sending = Task.WhenAll(producers.SelectMany((producer, p) => Enumerable.Range(0, SendsInFlightPerProducer).Select(lane => Task.Run(async () =>
        {
            for (var i = lane; i < MessagesPerProducer; i += SendsInFlightPerProducer)
            {
                var receipt = await producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, Encoding.UTF8.GetBytes($"{p}-{i}")), ct);
                Assert.True(sent.TryAdd(receipt.MessageId, 0));
            }
        }, ct))));
        var consuming = Task.WhenAll(consumers.Select(consumer => Task.Run(async () =>
        {
            while (acked.Count < Total)
            {
                var batch = await consumer.ReceiveAsync(SimpleConsumer.MaxBatchSize, Receiving.LongInvisibility, ct);
                Interlocked.Add(ref deliveries, batch.Count);
                await Task.WhenAll(batch.Select(async message =>
                {
                    await consumer.AckAsync(message, ct);
                    acked.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
                }));
            }
        }, ct)));
        await sending;
        await consuming.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(Total, sent.Count);
        Assert.Equal(Total, deliveries);
        Assert.True(sent.Keys.Order().SequenceEqual(acked.Keys.Order()), "every sent message was acked, and nothing else");
        Assert.All(acked.Values, count => Assert.Equal(1, count));
        var group = Assert.Single(harness.Inspector.TakeSnapshot().Groups);
        Assert.Equal((Total, 0L, 0L, 0L), (group.Acked, group.Ready, group.InFlight, group.Redelivered));
    }
}
