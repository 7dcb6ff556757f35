using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Tests.Integration;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.Client;

/// <summary>The clients the integration registers: singletons (keyed or not) started and stopped with the host, and their health checks.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_start_with_a_clear_message()
    {
        using var host = Build(new Dictionary<string, string?> { ["Aspire:RocketMq:Client:RequestTimeout"] = "00:00:03" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(exception.Failures, failure => failure.StartsWith("ConnectionStrings:rocketmq or Aspire:RocketMq:Client:ConnectionString is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broker_that_is_down_does_not_fail_the_start_and_operations_fail_with_broker_unavailable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = $"127.0.0.1:{UnusedPort()}",
            ["Aspire:RocketMq:Client:RequestTimeout"] = "00:00:02",
        });

        await host.StartAsync(ct);
        var producer = host.Services.GetRequiredService<Producer>();
        var consumer = host.Services.GetRequiredService<SimpleConsumer>();

        await Assert.ThrowsAsync<BrokerUnavailableException>(() => producer.SendAsync(new Message("user-registered", "x"u8.ToArray()), ct));
        await Assert.ThrowsAsync<BrokerUnavailableException>(() => consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10), ct));
        await host.StopAsync(ct);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => producer.SendAsync(new Message("user-registered", "x"u8.ToArray()), ct));
    }

    [Fact]
    public void Registers_long_lived_clients_their_options_the_checker_and_one_check_for_the_connection()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = "Endpoints=127.0.0.1:8081;EnableTls=true;AccessKey=ak;SecretKey=sk;Namespace=ns",
            ["Aspire:RocketMq:Client:AcceptAnyServerCertificate"] = "true",
            ["Aspire:RocketMq:Client:RequestTimeout"] = "00:00:05",
        });

        var options = host.Services.ConnectionOptions<Producer>();
        Assert.Equal(("127.0.0.1:8081", true, true, "ak", "ns"), (options.Endpoints, options.EnableTls, options.AcceptAnyServerCertificate, options.AccessKey, options.Namespace));
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.Same(host.Services.GetRequiredService<Producer>(), host.Services.GetRequiredService<Producer>());
        Assert.IsType<CommitEverything>(host.Services.GetRequiredService<ITransactionChecker>());
        Assert.Equal(["user-registered"], host.Services.GetRequiredService<IOptions<ProducerOptions>>().Value.Topics);
        Assert.Equal("points-service", host.Services.GetRequiredService<SimpleConsumer>().ConsumerGroup);
        var hosted = host.Services.GetServices<IHostedService>().ToList();
        Assert.Single(hosted.OfType<RocketMqClientHostedService<Producer>>());
        Assert.Single(hosted.OfType<RocketMqClientHostedService<SimpleConsumer>>());
        Assert.Equal(["RocketMq_rocketmq"], host.Services.HealthCheckNames());
        Assert.Equal(
            [host.Services.GetRequiredService<Producer>(), host.Services.GetRequiredService<SimpleConsumer>()],
            host.Services.GetKeyedServices<IBrokerProbe>("RocketMq_rocketmq").Cast<object>());
    }

    [Fact]
    public void Keyed_clients_are_apart_from_each_other_and_from_the_client_without_a_key()
    {
        using var host = ClientHosts.Build(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:rocketmq"] = "127.0.0.1:8081",
                ["ConnectionStrings:orders"] = "127.0.0.1:8082",
                ["ConnectionStrings:billing"] = "127.0.0.1:8083",
                ["Aspire:RocketMq:Client:billing:DisableHealthChecks"] = "true",
            },
            builder =>
            {
                builder.AddRocketMqProducer("rocketmq");
                builder.AddKeyedRocketMqProducer("orders", configureProducer: o => o.Topics.Add("orders")).AddTransactionChecker<CommitEverything>();
                builder.AddKeyedRocketMqProducer("billing", configureProducer: o => o.MaxAttempts = 1);
                builder.AddKeyedRocketMqSimpleConsumer("orders", configureConsumer: o =>
                {
                    o.ConsumerGroup = "order-readers";
                    o.Subscriptions["orders"] = "*";
                });
            });
        var services = host.Services;

        var producers = new[] { services.GetRequiredService<Producer>(), services.GetRequiredKeyedService<Producer>("orders"), services.GetRequiredKeyedService<Producer>("billing") };
        Assert.Equal(3, producers.Distinct().Count());
        Assert.Equal(["127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"], [services.ConnectionOptions<Producer>().Endpoints, services.ConnectionOptions<Producer>("orders").Endpoints, services.ConnectionOptions<Producer>("billing").Endpoints]);
        Assert.Equal(["orders"], services.GetRequiredService<IOptionsMonitor<ProducerOptions>>().Get("orders").Topics);
        Assert.Equal(1, services.GetRequiredService<IOptionsMonitor<ProducerOptions>>().Get("billing").MaxAttempts);
        Assert.IsType<CommitEverything>(services.GetRequiredKeyedService<ITransactionChecker>("orders"));
        Assert.Null(services.GetService<ITransactionChecker>());
        Assert.Null(services.GetKeyedService<ITransactionChecker>("billing"));
        Assert.Equal("order-readers", services.GetRequiredKeyedService<SimpleConsumer>("orders").ConsumerGroup);
        Assert.Equal(4, services.GetServices<IHostedService>().Count(s => s is RocketMqClientHostedService<Producer> or RocketMqClientHostedService<SimpleConsumer>));
        Assert.Equal(["RocketMq_orders", "RocketMq_rocketmq"], services.HealthCheckNames());
        Assert.Equal(2, services.GetKeyedServices<IBrokerProbe>("RocketMq_orders").Count());
    }

    [Fact]
    public void A_second_checker_replaces_the_first_of_its_producer_only()
    {
        using var host = ClientHosts.Build(
            new Dictionary<string, string?> { ["ConnectionStrings:rocketmq"] = "127.0.0.1:8081", ["ConnectionStrings:orders"] = "127.0.0.1:8082" },
            builder =>
            {
                builder.AddKeyedRocketMqProducer("orders").AddTransactionChecker<CommitEverything>();
                builder.AddRocketMqProducer("rocketmq").AddTransactionChecker<CommitEverything>().AddTransactionChecker<RollBackEverything>();
            });

        Assert.IsType<RollBackEverything>(Assert.Single(host.Services.GetServices<ITransactionChecker>()));
        Assert.IsType<CommitEverything>(Assert.Single(host.Services.GetKeyedServices<ITransactionChecker>("orders")));
    }

    [Fact]
    public void A_second_client_of_one_key_is_refused_rather_than_lost()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddRocketMqProducer("rocketmq");
        builder.AddKeyedRocketMqProducer("orders");

        Assert.Contains("AddKeyedRocketMqProducer", Assert.Throws<InvalidOperationException>(() => builder.AddRocketMqProducer("other")).Message, StringComparison.Ordinal);
        Assert.Contains("'orders'", Assert.Throws<InvalidOperationException>(() => builder.AddKeyedRocketMqProducer("orders")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_keyed_producers_each_reach_the_broker_of_their_own_connection_and_the_checker_answers_for_its_producer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var orders = await BrokerHarness.StartAsync();
        await using var billing = await BrokerHarness.StartAsync();
        using var host = ClientHosts.Build(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:orders"] = orders.Broker.Endpoint,
                ["ConnectionStrings:billing"] = billing.Broker.Endpoint,
                ["Aspire:RocketMq:Client:RequestTimeout"] = "00:00:02",
            },
            builder =>
            {
                builder.AddKeyedRocketMqProducer("orders", configureProducer: o => o.Topics.Add(BrokerHarness.TransactionTopic))
                    .AddTransactionChecker<CommitEverything>();
                builder.AddKeyedRocketMqProducer("billing", configureProducer: o => o.Topics.Add(BrokerHarness.NormalTopic));
            });
        await host.StartAsync(ct);

        // A half message left open: only the orders producer's checker can commit it.
        await host.Services.GetRequiredKeyedService<Producer>("orders").BeginTransaction().SendAsync(new Message(BrokerHarness.TransactionTopic, "order"u8.ToArray()), ct);
        await host.Services.GetRequiredKeyedService<Producer>("billing").SendAsync(new Message(BrokerHarness.NormalTopic, "invoice"u8.ToArray()), ct);

        await Eventually.MeetsAsync(() => Stored(orders), stored => stored == (1L, 0L), "the orders broker to store the checked half message and nothing else");
        Assert.Equal((0L, 1L), Stored(billing));
        Assert.True(((CommitEverything)host.Services.GetRequiredKeyedService<ITransactionChecker>("orders")).Checks > 0);
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task The_health_check_follows_the_route_and_names_the_advertised_endpoint_that_nothing_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        var dead = $"127.0.0.1:{UnusedPort()}";
        await using var harness = await BrokerHarness.StartAsync(o => o.AdvertisedEndpoint = dead);

        var report = await CheckHealthAsync(harness.Broker.Endpoint, ct);
        using var probe = new TopicRouteProbe(harness.ClientOptions);
        var probeError = await Assert.ThrowsAsync<BrokerUnavailableException>(() => probe.ProbeAsync([BrokerHarness.TransactionTopic], ct));

        var entry = report.Entries["RocketMq_rocketmq"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(dead, entry.Description, StringComparison.Ordinal);
        Assert.Equal(dead, probeError.Endpoint);
    }

    [Fact]
    public async Task The_health_check_is_healthy_through_the_forwarded_port_the_route_advertises()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var forwarder = new TcpProxy();
        await using var harness = await BrokerHarness.StartAsync(o => o.AdvertisedEndpoint = forwarder.Endpoint);
        forwarder.Target = harness.Broker.Endpoint;

        // The client is given the broker's own port: only the route can send it to the forwarder.
        var report = await CheckHealthAsync(harness.Broker.Endpoint, ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries["RocketMq_rocketmq"].Status);
        Assert.True(forwarder.Connections > 0, "The route's endpoint (the forwarder) was never dialled.");
    }

    private static (long Transactional, long Normal) Stored(BrokerHarness harness)
    {
        var topics = harness.Inspector.TakeSnapshot().Topics;
        return (topics.Single(t => t.Name == BrokerHarness.TransactionTopic).Stored, topics.Single(t => t.Name == BrokerHarness.NormalTopic).Stored);
    }

    private static async Task<HealthReport> CheckHealthAsync(string endpoints, CancellationToken cancellationToken)
    {
        using var host = Build(new Dictionary<string, string?> { ["ConnectionStrings:rocketmq"] = endpoints, ["Aspire:RocketMq:Client:RequestTimeout"] = "00:00:03" });
        return await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
    }

    private static IHost Build(Dictionary<string, string?> settings) => ClientHosts.Build(settings, builder =>
    {
        builder.AddRocketMqProducer("rocketmq", configureProducer: o => o.Topics.Add("user-registered")).AddTransactionChecker<CommitEverything>();
        builder.AddRocketMqSimpleConsumer("rocketmq", configureConsumer: o =>
        {
            o.ConsumerGroup = "points-service";
            o.Subscriptions["user-registered"] = "*";
        });
    });

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CommitEverything : ITransactionChecker
    {
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _checks);
            return Task.FromResult(TransactionResolution.Commit);
        }
    }

    private sealed class RollBackEverything : ITransactionChecker
    {
        public Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken) =>
            Task.FromResult(TransactionResolution.Rollback);
    }
}
