using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.DevBroker;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// A dev broker on a free loopback port with short, test-sized timings, and the clients of one
/// test; disposes the clients before the broker. Topics: <see cref="TransactionTopic"/>
/// (TRANSACTION) and <see cref="NormalTopic"/> (NORMAL).
/// </summary>
internal sealed class BrokerHarness : IAsyncDisposable
{
    public const string TransactionTopic = "user-registered";
    public const string NormalTopic = "notifications";

    private readonly List<IAsyncDisposable> _clients = [];

    private BrokerHarness(Broker broker, ILoggerFactory loggerFactory)
    {
        Broker = broker;
        LoggerFactory = loggerFactory;
    }

    public Broker Broker { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IBrokerInspector Inspector => Broker.Inspector;

    /// <summary>The credentials the harness's clients sign with; none by default.</summary>
    public (string AccessKey, string SecretKey)? Credentials { get; set; }

    public RocketMqOptions ClientOptions => new() { Endpoints = Broker.Endpoint, AccessKey = Credentials?.AccessKey, SecretKey = Credentials?.SecretKey };

    public static async Task<BrokerHarness> StartAsync(Action<DevBrokerOptions>? configure = null)
    {
        var options = new DevBrokerOptions
        {
            Port = 0,
            TransactionTimeout = TimeSpan.FromMilliseconds(300),
            TransactionCheckInterval = TimeSpan.FromMilliseconds(300),
            MinLongPollingTimeout = TimeSpan.FromMilliseconds(100),
            MinReceiveInvisibleDuration = TimeSpan.FromMilliseconds(100),
        };
        options.Topics.Add(new TopicDefinition(TransactionTopic, TopicMessageType.Transaction));
        options.Topics.Add(new TopicDefinition(NormalTopic, TopicMessageType.Normal, 4));
        configure?.Invoke(options);
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging
            .AddProvider(new TestOutputLoggerProvider(TestContext.Current.TestOutputHelper!))
            .SetMinimumLevel(LogLevel.Information));
        var broker = await Broker.StartAsync(options, loggerFactory, TestContext.Current.CancellationToken);
        return new BrokerHarness(broker, loggerFactory);
    }

    /// <summary>A started producer that declared the topics (so check-backs can reach it).</summary>
    public async Task<Producer> StartProducerAsync(ITransactionChecker? checker = null, params string[] topics)
    {
        var producerOptions = new ProducerOptions();
        foreach (var topic in topics.DefaultIfEmpty(TransactionTopic))
        {
            producerOptions.Topics.Add(topic);
        }

        var producer = Track(new Producer(ClientOptions, producerOptions, checker, LoggerFactory));
        await producer.StartAsync(TestContext.Current.CancellationToken);
        return producer;
    }

    /// <summary>A started simple consumer of one topic whose receives wait at most <paramref name="awaitDuration"/> (300 ms by default).</summary>
    public async Task<SimpleConsumer> StartConsumerAsync(string group, string topic = TransactionTopic, TimeSpan? awaitDuration = null, string tags = "*")
    {
        var consumerOptions = new SimpleConsumerOptions { ConsumerGroup = group, AwaitDuration = awaitDuration ?? TimeSpan.FromMilliseconds(300) };
        consumerOptions.Subscriptions[topic] = tags;
        var consumer = Track(new SimpleConsumer(ClientOptions, consumerOptions, LoggerFactory));
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        return consumer;
    }

    /// <summary>Disposes a client early (a producer that "crashes" before it commits).</summary>
    public async Task StopAsync(IAsyncDisposable client)
    {
        _clients.Remove(client);
        await client.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Enumerable.Reverse(_clients))
        {
            await client.DisposeAsync();
        }

        await Broker.DisposeAsync();
        LoggerFactory.Dispose();
    }

    private T Track<T>(T client)
        where T : IAsyncDisposable
    {
        _clients.Add(client);
        return client;
    }
}
