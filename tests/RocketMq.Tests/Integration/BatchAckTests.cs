using System.Collections.Concurrent;
using Apache.Rocketmq.V2;
using Encoding = System.Text.Encoding;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Acking a batch in one request per topic, with a result for each message.</summary>
public sealed class BatchAckTests
{
    private static readonly TimeSpan ShortInvisibility = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_batch_ack_sends_one_request_carrying_every_entry_and_the_broker_acks_them_all()
    {
        var ct = TestContext.Current.CancellationToken;
        var recorder = new AckRecorder();
        await using var harness = await BrokerHarness.StartAsync(o => o.Interceptors.Add(recorder));
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        for (var i = 0; i < 5; i++)
        {
            await producer.SendAsync(Notification($"n-{i}"), ct);
        }

        var received = await consumer.ReceiveCountAsync(5);
        var result = await consumer.AckAsync(received, ct);

        Assert.True(result.AllAcked);
        Assert.Equal(received.Select(m => m.MessageId).Order(), result.Acked.Select(m => m.MessageId).Order());
        var request = Assert.Single(recorder.Requests);
        Assert.Equal(BrokerHarness.NormalTopic, request.Topic.Name);
        Assert.Equal("points-service", request.Group.Name);
        Assert.Equal(received.Select(m => m.MessageId).Order(), request.Entries.Select(e => e.MessageId).Order());
        Assert.All(request.Entries, entry => Assert.False(string.IsNullOrEmpty(entry.ReceiptHandle)));
        var group = Assert.Single(harness.Inspector.TakeSnapshot().Groups);
        Assert.Equal((5L, 0L), (group.Acked, group.InFlight));
        await consumer.AssertNothingAsync();
    }

    [Fact]
    public async Task An_expired_handle_fails_only_its_own_entry_with_a_typed_exception()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        var expiring = await producer.SendAsync(Notification("expiring"), ct);
        var first = Assert.Single(await consumer.ReceiveCountAsync(1, ShortInvisibility));
        await producer.SendAsync(Notification("fresh"), ct);
        // The first comes back (its window ended) with the fresh one; its first handle is expired by then.
        var current = await consumer.ReceiveCountAsync(2);

        var result = await consumer.AckAsync([first, .. current], ct);

        var failure = Assert.Single(result.Failures);
        Assert.Same(first, failure.Message);
        var refused = Assert.IsType<BadRequestException>(failure.Exception);
        Assert.Equal(RocketMqStatusCode.InvalidReceiptHandle, refused.Code);
        Assert.Equal(current.Select(m => m.MessageId).Order(), result.Acked.Select(m => m.MessageId).Order());
        Assert.Contains(current, m => m.MessageId == expiring.MessageId && m.DeliveryAttempt == 2);
        Assert.False(result.AllAcked);
        Assert.Equal(2L, Assert.Single(harness.Inspector.TakeSnapshot().Groups).Acked);
    }

    [Fact]
    public async Task Messages_of_two_topics_are_acked_in_one_request_per_topic()
    {
        var ct = TestContext.Current.CancellationToken;
        var recorder = new AckRecorder();
        await using var harness = await BrokerHarness.StartAsync(o => o.Interceptors.Add(recorder));
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var other = await harness.StartProducerAsync(topics: BrokerHarness.TransactionTopic);
        var notifications = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        var registrations = await harness.StartConsumerAsync("points-service", BrokerHarness.TransactionTopic);
        await producer.SendAsync(Notification("n-1"), ct);
        await producer.SendAsync(Notification("n-2"), ct);
        var transaction = other.BeginTransaction();
        await transaction.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.TransactionTopic, Encoding.UTF8.GetBytes("r-1")), ct);
        await transaction.CommitAsync(ct);

        List<MessageView> received = [.. await notifications.ReceiveCountAsync(2), .. await registrations.ReceiveCountAsync(1)];
        var result = await notifications.AckAsync(received, ct);

        Assert.True(result.AllAcked);
        Assert.Equal(3, result.Acked.Count);
        Assert.Equal(
            [(BrokerHarness.NormalTopic, 2), (BrokerHarness.TransactionTopic, 1)],
            recorder.Requests.Select(r => (r.Topic.Name, r.Entries.Count)).Order());
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing()
    {
        var recorder = new AckRecorder();
        await using var harness = await BrokerHarness.StartAsync(o => o.Interceptors.Add(recorder));
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);

        var result = await consumer.AckAsync([], TestContext.Current.CancellationToken);

        Assert.True(result.AllAcked);
        Assert.Empty(result.Acked);
        Assert.Empty(recorder.Requests);
    }

    private static PointsDemo.RocketMq.Message Notification(string text) =>
        new(BrokerHarness.NormalTopic, Encoding.UTF8.GetBytes(text)) { Tag = "Notice" };

    /// <summary>Remembers the AckMessage requests as they arrived on the wire.</summary>
    private sealed class AckRecorder : Interceptor
    {
        public ConcurrentQueue<AckMessageRequest> Requests { get; } = new();

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            if (request is AckMessageRequest ack)
            {
                Requests.Enqueue(ack.Clone());
            }

            return continuation(request, context);
        }
    }
}
