namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Refusals reach the application as the typed client exception carrying the real proxy's status code.</summary>
public sealed class StatusCodeTests
{
    [Fact]
    public async Task A_transactional_send_to_a_normal_topic_is_refused_as_a_type_conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);

        var refused = await Assert.ThrowsAsync<BadRequestException>(
            () => producer.BeginTransaction().SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, "x"u8.ToArray()), ct));

        Assert.Equal(RocketMqStatusCode.MessagePropertyConflictWithType, refused.Code);
    }

    [Fact]
    public async Task A_normal_send_to_a_transaction_topic_is_refused_as_a_type_conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync();

        var refused = await Assert.ThrowsAsync<BadRequestException>(
            () => producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.TransactionTopic, "x"u8.ToArray()), ct));

        Assert.Equal(RocketMqStatusCode.MessagePropertyConflictWithType, refused.Code);
    }

    [Fact]
    public async Task A_topic_that_was_never_created_is_not_found()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);

        var refused = await Assert.ThrowsAsync<NotFoundException>(
            () => producer.SendAsync(new PointsDemo.RocketMq.Message("never-created", "x"u8.ToArray()), ct));

        Assert.Equal(RocketMqStatusCode.TopicNotFound, refused.Code);
        Assert.Contains("No topic route info in name server for the topic: never-created", refused.StatusMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Inspector.TakeSnapshot().Topics, t => t.Name == "never-created");
    }

    [Fact]
    public async Task A_body_over_the_brokers_max_size_is_refused_as_too_large()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync(o => o.MaxMessageSize = 1024);
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);

        // The producer learnt the limit from the settings handshake, as the official clients do.
        var refused = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, new byte[1025]), ct));

        Assert.Equal(RocketMqStatusCode.MessageBodyTooLarge, refused.Code);
        await producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, new byte[1024]), ct);
    }

    [Fact]
    public async Task Acks_with_an_expired_or_a_malformed_receipt_handle_get_the_proxys_codes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);
        await producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, "x"u8.ToArray()), ct);
        var expiring = Assert.Single(await consumer.ReceiveCountAsync(1, TimeSpan.FromMilliseconds(200)));
        var current = Assert.Single(await consumer.ReceiveCountAsync(1));

        var expired = await Assert.ThrowsAsync<BadRequestException>(() => consumer.AckAsync(expiring, ct));
        current.ReceiptHandle = "not a receipt handle";
        var malformed = await Assert.ThrowsAsync<InternalErrorException>(() => consumer.AckAsync(current, ct));

        Assert.Equal((RocketMqStatusCode.InvalidReceiptHandle, "receipt handle is expired"), (expired.Code, expired.StatusMessage));
        Assert.Equal(RocketMqStatusCode.InternalServerError, malformed.Code);
    }

    [Fact]
    public async Task A_receive_with_an_invisible_duration_below_the_minimum_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync(o => o.MinReceiveInvisibleDuration = TimeSpan.FromSeconds(10));
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);

        var refused = await Assert.ThrowsAsync<BadRequestException>(() => consumer.ReceiveAsync(1, TimeSpan.FromSeconds(5), ct));

        Assert.Equal((RocketMqStatusCode.IllegalInvisibleTime, "the invisibleTime is too small. min is 10000"), (refused.Code, refused.StatusMessage));
    }

    [Fact]
    public async Task A_message_with_a_reserved_property_name_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var message = new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, "x"u8.ToArray())
        {
            Properties = new Dictionary<string, string> { ["UNIQ_KEY"] = "mine" },
        };

        var refused = await Assert.ThrowsAsync<BadRequestException>(() => producer.SendAsync(message, ct));

        Assert.Equal((RocketMqStatusCode.IllegalMessagePropertyKey, "property is used by system: UNIQ_KEY"), (refused.Code, refused.StatusMessage));
    }
}
