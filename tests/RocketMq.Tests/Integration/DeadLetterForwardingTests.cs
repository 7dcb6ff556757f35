using System.Text;
using Code = Apache.Rocketmq.V2.Code;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// <see cref="SimpleConsumer.ForwardToDeadLetterQueueAsync"/> through the client and the dev broker over gRPC:
/// a message no retry can process goes to <c>%DLQ%&lt;group&gt;</c> on its first delivery.
/// </summary>
public sealed class DeadLetterForwardingTests
{
    private const string Group = "points-service";
    private static readonly TimeSpan ShortInvisibility = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_forwarded_message_is_in_the_groups_dead_letter_topic_at_once_and_is_not_delivered_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        using var clientMetrics = new MetricsTests.MeasurementRecorder(RocketMqDiagnostics.Meter);
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync(Group, BrokerHarness.NormalTopic);
        var sent = await producer.SendAsync(Notification("unusable"), ct);
        var other = await producer.SendAsync(Notification("fine"), ct);
        var received = await consumer.ReceiveCountAsync(2, ShortInvisibility);

        await consumer.ForwardToDeadLetterQueueAsync(received.Single(m => m.MessageId == sent.MessageId), ct);
        await consumer.AckAsync(received.Single(m => m.MessageId == other.MessageId), ct);

        // The receive polls past the short invisible duration: a message still held would come back in it.
        await consumer.AssertNothingAsync();
        var letter = Assert.Single(harness.Inspector.TakeSnapshot().DeadLetters);
        Assert.Equal(
            (Group, "%DLQ%points-service", BrokerHarness.NormalTopic, sent.MessageId, 1, "unusable"),
            (letter.Group, letter.Topic, letter.OriginalTopic, letter.MessageId, letter.DeliveryAttempts, letter.Body));
        var group = Assert.Single(harness.Inspector.TakeSnapshot().Groups, g => g.Name == Group);
        Assert.Equal((1L, 0L, 0L, 1L), (group.Acked, group.InFlight, group.Redelivered, group.DeadLettered));
        Assert.Equal(1, clientMetrics.Sum(
            "rocketmq.client.dead_lettered.messages",
            ("messaging.operation.name", "forward_to_dead_letter_queue"),
            ("messaging.destination.name", BrokerHarness.NormalTopic),
            ("messaging.consumer.group.name", Group),
            ("messaging.system", "rocketmq")));

        var deadLetterReader = await harness.StartConsumerAsync("dlq-reader", "%DLQ%points-service");
        var dead = Assert.Single(await deadLetterReader.ReceiveCountAsync(1));
        Assert.Equal((sent.MessageId, "unusable"), (dead.MessageId, Encoding.UTF8.GetString(dead.Body.Span)));
    }

    [Fact]
    public async Task A_malformed_receipt_handle_is_the_proxys_internal_error_and_the_message_stays_with_the_group()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync(Group, BrokerHarness.NormalTopic);
        var sent = await producer.SendAsync(Notification("x"), ct);
        var message = Assert.Single(await consumer.ReceiveCountAsync(1, ShortInvisibility));

        message.ReceiptHandle = "not a receipt handle";
        var refused = await Assert.ThrowsAsync<InternalErrorException>(() => consumer.ForwardToDeadLetterQueueAsync(message, ct));

        Assert.Equal(RocketMqStatusCode.InternalServerError, refused.Code);
        Assert.StartsWith("parse receipt handle failed", refused.StatusMessage, StringComparison.Ordinal);
        Assert.Empty(harness.Inspector.TakeSnapshot().DeadLetters);
        var again = Assert.Single(await consumer.ReceiveCountAsync(1));
        Assert.Equal((sent.MessageId, 2), (again.MessageId, again.DeliveryAttempt));
    }

    [Fact]
    public async Task A_message_that_was_not_received_cannot_be_forwarded()
    {
        await using var harness = await BrokerHarness.StartAsync();
        var consumer = await harness.StartConsumerAsync(Group, BrokerHarness.NormalTopic);
        var produced = new MessageView { MessageId = "never-received", Topic = BrokerHarness.NormalTopic };

        await Assert.ThrowsAsync<ArgumentException>("message", () => consumer.ForwardToDeadLetterQueueAsync(produced, TestContext.Current.CancellationToken));
    }

    private static PointsDemo.RocketMq.Message Notification(string text) =>
        new(BrokerHarness.NormalTopic, Encoding.UTF8.GetBytes(text)) { Tag = "Notice" };
}
