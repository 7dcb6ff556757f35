using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class HostingTests
{
    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_start_with_a_clear_message()
    {
        using var host = Build(new Dictionary<string, string?> { ["RocketMq:RequestTimeout"] = "00:00:03" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(exception.Failures, failure => failure.StartsWith("ConnectionStrings:rocketmq or RocketMq:Endpoints is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broker_that_is_down_does_not_fail_the_start_and_operations_fail_with_broker_unavailable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = Build(new Dictionary<string, string?>
        {
            ["RocketMq:Endpoints"] = $"127.0.0.1:{UnusedPort()}",
            ["RocketMq:RequestTimeout"] = "00:00:02",
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
    public void Registers_long_lived_clients_options_and_the_checker_from_the_container()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["RocketMq:Endpoints"] = "127.0.0.1:8081",
            ["RocketMq:EnableTls"] = "true",
            ["RocketMq:AcceptAnyServerCertificate"] = "true",
            ["RocketMq:AccessKey"] = "ak",
            ["RocketMq:SecretKey"] = "sk",
            ["RocketMq:Namespace"] = "ns",
            ["RocketMq:RequestTimeout"] = "00:00:05",
        });

        var options = host.Services.GetRequiredService<IOptions<RocketMqOptions>>().Value;
        Assert.Equal("127.0.0.1:8081", options.Endpoints);
        Assert.True(options.EnableTls);
        Assert.True(options.AcceptAnyServerCertificate);
        Assert.Equal("ak", options.AccessKey);
        Assert.Equal("ns", options.Namespace);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.Same(host.Services.GetRequiredService<Producer>(), host.Services.GetRequiredService<Producer>());
        Assert.IsType<CommitEverything>(host.Services.GetRequiredService<ITransactionChecker>());
        Assert.Equal(["user-registered"], host.Services.GetRequiredService<IOptions<ProducerOptions>>().Value.Topics);
        Assert.Equal("points-service", host.Services.GetRequiredService<SimpleConsumer>().ConsumerGroup);
        var hosted = host.Services.GetServices<IHostedService>().ToList();
        Assert.Single(hosted.OfType<RocketMqClientHostedService<Producer>>());
        Assert.Single(hosted.OfType<RocketMqClientHostedService<SimpleConsumer>>());
        var healthChecks = host.Services.GetRequiredService<IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Equal([RocketMqClientExtensions.HealthCheckName], healthChecks.Select(r => r.Name));
    }

    [Fact]
    public async Task The_health_check_follows_the_route_and_names_the_advertised_endpoint_that_nothing_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        var dead = $"127.0.0.1:{UnusedPort()}";
        await using var harness = await Integration.BrokerHarness.StartAsync(o => o.AdvertisedEndpoint = dead);

        var report = await CheckHealthAsync(harness.Broker.Endpoint, ct);
        using var probe = new TopicRouteProbe(harness.ClientOptions);
        var probeError = await Assert.ThrowsAsync<BrokerUnavailableException>(() => probe.ProbeAsync([Integration.BrokerHarness.TransactionTopic], ct));

        var entry = report.Entries[RocketMqClientExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains(dead, entry.Description, StringComparison.Ordinal);
        Assert.Equal(dead, probeError.Endpoint);
    }

    [Fact]
    public async Task The_health_check_is_healthy_through_the_forwarded_port_the_route_advertises()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var forwarder = new TcpProxy();
        await using var harness = await Integration.BrokerHarness.StartAsync(o => o.AdvertisedEndpoint = forwarder.Endpoint);
        forwarder.Target = harness.Broker.Endpoint;

        // The client is given the broker's own port: only the route can send it to the forwarder.
        var report = await CheckHealthAsync(harness.Broker.Endpoint, ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries[RocketMqClientExtensions.HealthCheckName].Status);
        Assert.True(forwarder.Connections > 0, "The route's endpoint (the forwarder) was never dialled.");
    }

    private static async Task<HealthReport> CheckHealthAsync(string endpoints, CancellationToken cancellationToken)
    {
        using var host = Build(new Dictionary<string, string?> { ["RocketMq:Endpoints"] = endpoints, ["RocketMq:RequestTimeout"] = "00:00:03" });
        return await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRocketMqClient("rocketmq");
        builder.Services.AddRocketMqProducer(o => o.Topics.Add("user-registered")).AddTransactionChecker<CommitEverything>();
        builder.Services.AddRocketMqSimpleConsumer(o =>
        {
            o.ConsumerGroup = "points-service";
            o.Subscriptions["user-registered"] = "*";
        });
        return builder.Build();
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CommitEverything : ITransactionChecker
    {
        public Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken) =>
            Task.FromResult(TransactionResolution.Commit);
    }
}
