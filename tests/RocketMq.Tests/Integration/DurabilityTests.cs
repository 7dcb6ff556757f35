using System.Text;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// A broker with a data folder, stopped and started again on the same folder: what it had
/// promised survives (sent, committed, not acked; half messages not resolved), what was settled
/// (acked, rolled back) never comes back, and a record torn by a crash is cut off.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    private static readonly TimeSpan ShortInvisibility = TimeSpan.FromMilliseconds(500);
    private readonly DataFolder _data = new();

    [Fact]
    public async Task Committed_messages_not_acked_are_delivered_again_after_a_restart_and_acked_or_rolled_back_ones_never()
    {
        var ct = TestContext.Current.CancellationToken;
        string acked, unacked, undelivered, rolledBack;
        await using (var before = await StartAsync())
        {
            var producer = await before.StartProducerAsync();
            var consumer = await before.StartConsumerAsync("points-service");
            acked = await CommitAsync(producer, "r-acked");
            unacked = await CommitAsync(producer, "r-unacked");
            var received = await consumer.ReceiveCountAsync(2, ShortInvisibility);
            await consumer.AckAsync(received.Single(m => m.MessageId == acked), ct);
            Assert.Contains(received, m => m.MessageId == unacked);

            var rollback = producer.BeginTransaction();
            rolledBack = (await rollback.SendAsync(TransactionTests.Registration("r-rolled-back"), ct)).MessageId;
            await rollback.RollbackAsync(ct);
            undelivered = await CommitAsync(producer, "r-undelivered");
        }

        await using var after = await StartAsync();
        var again = await after.StartConsumerAsync("points-service");
        var redelivered = await again.ReceiveCountAsync(2);
        await again.AssertNothingAsync();

        Assert.Equal(new[] { undelivered, unacked }.Order(StringComparer.Ordinal), redelivered.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(2, redelivered.Single(m => m.MessageId == unacked).DeliveryAttempt);
        Assert.Equal(1, redelivered.Single(m => m.MessageId == undelivered).DeliveryAttempt);
        Assert.Equal("r-unacked", Encoding.UTF8.GetString(redelivered.Single(m => m.MessageId == unacked).Body.Span));
        Assert.DoesNotContain(redelivered, m => m.MessageId == acked || m.MessageId == rolledBack);
        foreach (var message in redelivered)
        {
            await again.AckAsync(message, ct);
        }

        var group = Assert.Single(after.Inspector.TakeSnapshot().Groups, g => g.Name == "points-service");
        Assert.Equal((3L, 0L, 0L), (group.Acked, group.Ready, group.InFlight));
    }

    [Fact]
    public async Task A_half_message_left_unresolved_is_checked_back_after_a_restart_and_a_resolved_one_is_not()
    {
        var ct = TestContext.Current.CancellationToken;
        string orphan, committed;
        await using (var before = await StartAsync(o => o.TransactionCheckInterval = TimeSpan.FromMinutes(10)))
        {
            var producer = await before.StartProducerAsync();
            orphan = (await producer.BeginTransaction().SendAsync(TransactionTests.Registration("r-orphan"), ct)).MessageId;
            committed = await CommitAsync(producer, "r-committed");
            Assert.Single(before.Inspector.TakeSnapshot().HalfMessages);
        }

        await using var after = await StartAsync();
        Assert.Equal(orphan, Assert.Single(after.Inspector.TakeSnapshot().HalfMessages).MessageId);
        var checker = RecordingChecker.Always(TransactionResolution.Commit);
        await after.StartProducerAsync(checker);
        var consumer = await after.StartConsumerAsync("points-service");

        var delivered = await consumer.ReceiveCountAsync(2);
        Assert.Equal(new[] { committed, orphan }.Order(StringComparer.Ordinal), delivered.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.All(checker.Asked, m => Assert.Equal(orphan, m.MessageId));
        Assert.Empty(after.Inspector.TakeSnapshot().HalfMessages);
    }

    [Fact]
    public async Task A_delayed_message_accepted_before_a_restart_is_delivered_when_due_after_it()
    {
        const string Delayed = "reminders";
        string sent;
        await using (var before = await StartAsync(o => o.Topics.Add(new TopicDefinition(Delayed, TopicMessageType.Delay, 1))))
        {
            using var raw = new RawClient(before.Broker.Endpoint);
            var message = RawClient.Message(Delayed, type: Apache.Rocketmq.V2.MessageType.Delay);
            message.SystemProperties.DeliveryTimestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddSeconds(1));
            var response = await raw.Service.SendMessageAsync(new Apache.Rocketmq.V2.SendMessageRequest { Messages = { message } }, raw.Call());
            Assert.Equal(Apache.Rocketmq.V2.Code.Ok, response.Status.Code);
            sent = message.SystemProperties.MessageId;
        }

        await using var after = await StartAsync(o => o.Topics.Add(new TopicDefinition(Delayed, TopicMessageType.Delay, 1)));
        var consumer = await after.StartConsumerAsync("reminder-service", Delayed);
        Assert.Equal(sent, Assert.Single(await consumer.ReceiveCountAsync(1)).MessageId);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("checksum")]
    public async Task A_torn_last_record_is_cut_off_and_what_came_before_it_survives(string tear)
    {
        var ct = TestContext.Current.CancellationToken;
        string sent;
        await using (var before = await StartAsync())
        {
            var producer = await before.StartProducerAsync(topics: BrokerHarness.NormalTopic);
            sent = (await producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, "kept"u8.ToArray()), ct)).MessageId;
        }

        var last = _data.Segments[^1];
        var whole = new FileInfo(last).Length;
        // What a crash mid-write leaves: a header promising more bytes than follow, or bytes that do not match their checksum.
        byte[] torn = tear == "short" ? [200, 0, 0, 0, 1, 2, 3, 4, 9, 9] : [3, 0, 0, 0, 0xEF, 0xBE, 0xAD, 0xDE, 1, 2, 3];
        await File.AppendAllBytesAsync(last, torn, ct);

        await using var after = await StartAsync();
        Assert.Equal(whole, new FileInfo(last).Length);
        var consumer = await after.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        Assert.Equal(sent, Assert.Single(await consumer.ReceiveCountAsync(1)).MessageId);
    }

    [Fact]
    public async Task Concurrent_sends_share_journal_flushes_and_the_snapshot_counts_both()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var before = harness.Inspector.TakeSnapshot().Storage!;

        const int Count = 64;
        await Task.WhenAll(Enumerable.Range(0, Count).Select(_ => producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, new byte[64]), ct)));

        var after = harness.Inspector.TakeSnapshot().Storage!;
        var records = after.JournalRecords - before.JournalRecords;
        var flushes = after.JournalFlushes - before.JournalFlushes;
        Assert.True(records >= Count, $"{records} records journaled for {Count} sends");
        Assert.InRange(flushes, 1, records - 1);
    }

    [Fact]
    public async Task Segments_whose_messages_were_all_acked_are_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await StartAsync(o => o.SegmentSize = 16 * 1024);
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        const int Count = 400;
        for (var i = 0; i < Count; i++)
        {
            await producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, new byte[256]), ct);
        }

        Assert.True(_data.Segments.Length > 4, $"{_data.Segments.Length} segments for {Count} messages of 256 bytes");
        foreach (var message in await consumer.ReceiveCountAsync(Count))
        {
            await consumer.AckAsync(message, ct);
        }

        // The clean-up runs every second; then at most the segment being written and the one before it are left.
        await Eventually.MeetsAsync(() => _data.Segments.Length, n => n <= 2, "the acked segments to be deleted");
        Assert.Equal(_data.Segments.Length, harness.Inspector.TakeSnapshot().Storage!.JournalSegments);
    }

    public void Dispose() => _data.Dispose();

    private Task<BrokerHarness> StartAsync(Action<DevBrokerOptions>? configure = null) =>
        BrokerHarness.StartAsync(o =>
        {
            o.DataFolder = _data.Path;
            configure?.Invoke(o);
        });

    private static async Task<string> CommitAsync(Producer producer, string key)
    {
        var transaction = producer.BeginTransaction();
        var receipt = await transaction.SendAsync(TransactionTests.Registration(key), TestContext.Current.CancellationToken);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        return receipt.MessageId;
    }
}
