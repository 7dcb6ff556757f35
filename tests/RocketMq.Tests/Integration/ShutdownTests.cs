namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// A client stops promptly even when its broker went silent behind a proxy that still accepts
/// connections (as DCP's does when the AppHost stops everything at once): its goodbyes are
/// courtesies, bounded by a short farewell, not by the request timeout.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_producer_whose_broker_went_silent_stops_without_waiting_its_request_timeouts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        await using var proxy = new FreezingProxy(harness.Broker.Endpoint);
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
}
