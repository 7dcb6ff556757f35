using System.Text;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Simple consumption through the client and the dev broker: redelivery, invisible duration, dead letters.</summary>
public sealed class ConsumingTests
{
    private static readonly TimeSpan ShortInvisibility = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task An_unacked_message_comes_back_with_the_delivery_attempt_one_higher()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        var sent = await producer.SendAsync(Notification("n-1"), ct);

        var first = Assert.Single(await consumer.ReceiveCountAsync(1, ShortInvisibility));
        var second = Assert.Single(await consumer.ReceiveCountAsync(1, Receiving.LongInvisibility));

        Assert.Equal((sent.MessageId, 1), (first.MessageId, first.DeliveryAttempt));
        Assert.Equal((sent.MessageId, 2), (second.MessageId, second.DeliveryAttempt));
        var expired = await Assert.ThrowsAsync<BadRequestException>(() => consumer.AckAsync(first, ct));
        Assert.Equal(RocketMqStatusCode.InvalidReceiptHandle, expired.Code);
        await consumer.AckAsync(second, ct);
        var group = Assert.Single(harness.Inspector.TakeSnapshot().Groups);
        Assert.Equal((1L, 1L, 0L), (group.Acked, group.Redelivered, group.InFlight));
    }

    [Fact]
    public async Task Changing_the_invisible_duration_hides_the_message_longer_and_zero_makes_it_visible_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        await producer.SendAsync(Notification("n-1"), ct);

        var message = Assert.Single(await consumer.ReceiveCountAsync(1, ShortInvisibility));
        var firstHandle = message.ReceiptHandle;
        await consumer.ChangeInvisibleDurationAsync(message, Receiving.LongInvisibility, ct);
        Assert.NotEqual(firstHandle, message.ReceiptHandle);
        await consumer.AssertNothingAsync(); // polls past the first window: still hidden

        await consumer.ChangeInvisibleDurationAsync(message, TimeSpan.Zero, ct);
        var again = Assert.Single(await consumer.ReceiveCountAsync(1));
        Assert.Equal((message.MessageId, 2), (again.MessageId, again.DeliveryAttempt));
        await consumer.AckAsync(again, ct);
        await consumer.AssertNothingAsync();
    }

    [Fact]
    public async Task Past_the_max_delivery_attempts_the_message_moves_to_the_groups_dead_letter_topic()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync(o => o.MaxDeliveryAttempts = 3);
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        var sent = await producer.SendAsync(Notification("poison"), ct);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var delivery = Assert.Single(await consumer.ReceiveCountAsync(1, ShortInvisibility));
            Assert.Equal((sent.MessageId, attempt), (delivery.MessageId, delivery.DeliveryAttempt));
        }

        // The next receive (its poll outlasts the last window) finds it used up and moves it, as the proxy does while popping.
        await consumer.AssertNothingAsync();
        var letter = Assert.Single(harness.Inspector.TakeSnapshot().DeadLetters);
        Assert.Equal(
            ("points-service", "%DLQ%points-service", BrokerHarness.NormalTopic, sent.MessageId, 3, "poison"),
            (letter.Group, letter.Topic, letter.OriginalTopic, letter.MessageId, letter.DeliveryAttempts, letter.Body));

        var deadLetterReader = await harness.StartConsumerAsync("dlq-reader", "%DLQ%points-service");
        var dead = Assert.Single(await deadLetterReader.ReceiveCountAsync(1));
        Assert.Equal((sent.MessageId, "poison"), (dead.MessageId, Encoding.UTF8.GetString(dead.Body.Span)));
        Assert.Equal(1, Assert.Single(harness.Inspector.TakeSnapshot().Groups, g => g.Name == "points-service").DeadLettered);
    }

    private static PointsDemo.RocketMq.Message Notification(string text) =>
        new(BrokerHarness.NormalTopic, Encoding.UTF8.GetBytes(text)) { Tag = "Notice" };
}
