using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// What a client does when its broker goes away: it stops promptly even when the broker went silent
/// behind a proxy that still accepts connections (as DCP's does when the AppHost stops everything at
/// once), its goodbyes being courtesies bounded by a short farewell; and a call the broker's death
/// cuts off fails as the broker being unavailable.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_producer_whose_broker_went_silent_stops_without_waiting_its_request_timeouts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        await using var proxy = new TcpProxy(harness.Broker.Endpoint);
        var options = new RocketMqOptions { Endpoints = proxy.Endpoint, RequestTimeout = TimeSpan.FromSeconds(30) };
        var producerOptions = new ProducerOptions { Topics = { BrokerHarness.NormalTopic } };
        var producer = new Producer(options, producerOptions, checker: null, harness.LoggerFactory);
        await producer.StartAsync(ct);
        await producer.SendAsync(new Message(BrokerHarness.NormalTopic, "hello"u8.ToArray()), ct);

        proxy.Freeze();

        // Waiting out the request timeout for NotifyClientTermination and again for the stream's end
        // would take a minute; the farewell bounds each to a second.
        await producer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15), ct);
    }

    [Fact]
    public async Task A_receive_cut_off_by_the_brokers_death_fails_as_broker_unavailable_not_as_a_cancellation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        await using var proxy = new TcpProxy(harness.Broker.Endpoint);
        var consumerOptions = new SimpleConsumerOptions { ConsumerGroup = "cut-off", AwaitDuration = TimeSpan.FromSeconds(20) };
        consumerOptions.Subscriptions[BrokerHarness.NormalTopic] = "*";
        await using var consumer = new SimpleConsumer(new RocketMqOptions { Endpoints = proxy.Endpoint }, consumerOptions, harness.LoggerFactory);
        await consumer.StartAsync(ct);

        // A long poll is under way on an empty topic when the connection goes.
        var receive = consumer.ReceiveAsync(16, TimeSpan.FromSeconds(30), ct);
        await Eventually.MeetsAsync(harness.Inspector.TakeSnapshot, s => s.Groups.Any(g => g.Name == "cut-off"), "the receive reached the broker");
        proxy.CutConnections();

        // A consumer's loop answers BrokerUnavailableException by trying again later; a bare
        // cancellation would look like its own shutdown and stop it.
        await Assert.ThrowsAsync<BrokerUnavailableException>(() => receive.WaitAsync(TimeSpan.FromSeconds(15), ct));
    }
}
