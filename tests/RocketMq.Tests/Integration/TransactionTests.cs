using System.Text;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Transactional messages through the client and the dev broker over gRPC on loopback.</summary>
public sealed class TransactionTests
{
    [Fact]
    public async Task A_committed_half_message_is_delivered_exactly_once_and_invisible_before()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync();
        var consumer = await harness.StartConsumerAsync("points-service");

        var transaction = producer.BeginTransaction();
        var receipt = await transaction.SendAsync(Registration("r-1"), ct);
        Assert.Equal(receipt.MessageId, receipt.TransactionId);
        await consumer.AssertNothingAsync();
        Assert.Equal(1, Assert.Single(harness.Inspector.TakeSnapshot().Topics, t => t.Name == BrokerHarness.TransactionTopic).HalfMessages);

        await transaction.CommitAsync(ct);
        var message = Assert.Single(await consumer.ReceiveAsync(1));
        Assert.Equal(receipt.MessageId, message.MessageId);
        Assert.Equal("r-1", Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(["r-1"], message.Keys);
        Assert.Equal("UserRegistered", message.Tag);
        Assert.Equal(1, message.DeliveryAttempt);
        Assert.False(message.IsCorrupted);
        await consumer.AckAsync(message, ct);
        await consumer.AssertNothingAsync();

        var snapshot = harness.Inspector.TakeSnapshot();
        var topic = Assert.Single(snapshot.Topics, t => t.Name == BrokerHarness.TransactionTopic);
        Assert.Equal((1L, 0, 0L, 0L), (topic.Stored, topic.HalfMessages, topic.Ready, topic.InFlight));
        Assert.Equal(1, Assert.Single(snapshot.Groups, g => g.Name == "points-service").Acked);
    }

    internal static PointsDemo.RocketMq.Message Registration(string id) =>
        new(BrokerHarness.TransactionTopic, Encoding.UTF8.GetBytes(id)) { Keys = [id], Tag = "UserRegistered" };

}
