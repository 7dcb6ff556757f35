using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>The <c>rocketmq</c> health check registered by AddRocketMqClient, against a broker that is up, then gone.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task The_check_is_healthy_while_the_broker_serves_the_topics_and_unhealthy_once_it_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var harness = await BrokerHarness.StartAsync();
        await using var services = Services(harness.Broker.Endpoint, topic: BrokerHarness.TransactionTopic);
        var health = services.GetRequiredService<HealthCheckService>();

        var up = await health.CheckHealthAsync(ct);
        Assert.Equal(HealthStatus.Healthy, up.Entries[RocketMqClientExtensions.HealthCheckName].Status);

        await harness.DisposeAsync();
        var down = (await health.CheckHealthAsync(ct)).Entries[RocketMqClientExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.StartsWith("The RocketMQ broker did not answer", down.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_topic_the_broker_does_not_have_makes_the_check_unhealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        await using var services = Services(harness.Broker.Endpoint, topic: "no-such-topic");

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);

        var entry = report.Entries[RocketMqClientExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<NotFoundException>(entry.Exception, exactMatch: false);
    }

    private static ServiceProvider Services(string endpoint, string topic)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = $"Endpoints={endpoint}",
            ["RocketMq:RequestTimeout"] = "00:00:02",
        });
        builder.AddRocketMqClient("rocketmq");
        builder.Services.AddRocketMqProducer(options => options.Topics.Add(topic));
        builder.Services.AddRocketMqSimpleConsumer(options =>
        {
            options.ConsumerGroup = "points-service";
            options.Subscriptions[topic] = "*";
        });
        return builder.Services.BuildServiceProvider();
    }
}
