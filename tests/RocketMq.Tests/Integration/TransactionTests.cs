using System.Text;
using PointsDemo.TestSupport;

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
        var message = Assert.Single(await consumer.ReceiveCountAsync(1));
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

    [Fact]
    public async Task A_rolled_back_half_message_is_never_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync();
        var consumer = await harness.StartConsumerAsync("points-service");

        var rolledBack = producer.BeginTransaction();
        var discarded = await rolledBack.SendAsync(Registration("r-rolled-back"), ct);
        await rolledBack.RollbackAsync(ct);
        var committed = producer.BeginTransaction();
        var kept = await committed.SendAsync(Registration("r-committed"), ct);
        await committed.CommitAsync(ct);

        // Queues are read in turn, so the committed message arriving alone shows the other is gone, not late.
        var message = Assert.Single(await consumer.ReceiveCountAsync(1));
        Assert.Equal(kept.MessageId, message.MessageId);
        await consumer.AckAsync(message, ct);
        await consumer.AssertNothingAsync();
        var topic = Assert.Single(harness.Inspector.TakeSnapshot().Topics, t => t.Name == BrokerHarness.TransactionTopic);
        Assert.Equal((1L, 0), (topic.Stored, topic.HalfMessages));
        Assert.NotEqual(discarded.MessageId, message.MessageId);
    }

    [Theory]
    [InlineData(TransactionResolution.Commit)]
    [InlineData(TransactionResolution.Rollback)]
    public async Task An_orphaned_half_message_is_resolved_by_a_check_back_to_another_producer_of_the_topic(TransactionResolution resolution)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var crashing = await harness.StartProducerAsync();
        var consumer = await harness.StartConsumerAsync("points-service");
        var orphan = await crashing.BeginTransaction().SendAsync(Registration("r-orphan"), ct);
        await harness.StopAsync(crashing); // gone before it commits

        var checker = RecordingChecker.Always(resolution);
        await harness.StartProducerAsync(checker);
        await checker.FirstCheck.WaitAsync(TimeSpan.FromSeconds(10), ct);
        var asked = Assert.Single(checker.Asked);
        Assert.Equal((orphan.MessageId, BrokerHarness.TransactionTopic, "r-orphan"), (asked.MessageId, asked.Topic, Encoding.UTF8.GetString(asked.Body.Span)));
        Assert.Equal(["r-orphan"], asked.Keys);
        Assert.False(asked.IsCorrupted);
        await Eventually.MeetsAsync(() => harness.Inspector.TakeSnapshot().HalfMessages.Count, n => n == 0, "the half message to be resolved");

        if (resolution == TransactionResolution.Commit)
        {
            var message = Assert.Single(await consumer.ReceiveCountAsync(1));
            Assert.Equal(orphan.MessageId, message.MessageId);
            await consumer.AckAsync(message, ct);
        }

        await consumer.AssertNothingAsync();
        Assert.Equal(1, checker.Checks);
    }

    [Fact]
    public async Task An_unknown_answer_leads_to_another_check()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var checker = new RecordingChecker(check => check < 3 ? TransactionResolution.Unknown : TransactionResolution.Commit);
        var producer = await harness.StartProducerAsync(checker);
        var consumer = await harness.StartConsumerAsync("points-service");

        var sent = await producer.BeginTransaction().SendAsync(Registration("r-unknown"), ct);

        var message = Assert.Single(await consumer.ReceiveCountAsync(1));
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal(3, checker.Checks);
        Assert.All(checker.Asked, m => Assert.Equal(sent.MessageId, m.MessageId));
    }

    [Fact]
    public async Task Past_the_max_checks_the_half_message_is_dropped_and_never_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync(o => o.TransactionCheckMax = 2);
        var checker = RecordingChecker.Always(TransactionResolution.Unknown);
        var producer = await harness.StartProducerAsync(checker);
        var consumer = await harness.StartConsumerAsync("points-service");

        var sent = await producer.BeginTransaction().SendAsync(Registration("r-undecided"), ct);
        await checker.FirstCheck.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(sent.MessageId, Assert.Single(harness.Inspector.TakeSnapshot().HalfMessages).MessageId);

        await Eventually.MeetsAsync(() => harness.Inspector.TakeSnapshot().HalfMessages.Count, n => n == 0, "the half message to be dropped");
        await Eventually.MeetsAsync(() => checker.Checks, n => n >= 2, "the second check to be answered");
        Assert.Equal(2, checker.Checks); // nothing is left to check once it is dropped
        await consumer.AssertNothingAsync();
        Assert.Equal(0, Assert.Single(harness.Inspector.TakeSnapshot().Topics, t => t.Name == BrokerHarness.TransactionTopic).Stored);
    }

    internal static PointsDemo.RocketMq.Message Registration(string id) =>
        new(BrokerHarness.TransactionTopic, Encoding.UTF8.GetBytes(id)) { Keys = [id], Tag = "UserRegistered" };

}
