using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PointsDemo.RocketMq.Tests.Client;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// The connection's health check (<c>RocketMq_rocketmq</c>), one for the producer and the consumer
/// the integration registers on it, against a broker that is up, then gone.
/// </summary>
public sealed class HealthCheckTests
{
    private const string CheckName = "RocketMq_rocketmq";

    [Fact]
    public async Task The_check_is_healthy_while_the_broker_serves_the_topics_and_unhealthy_once_it_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var harness = await BrokerHarness.StartAsync();
        using var host = Build(harness.Broker.Endpoint, producerTopic: BrokerHarness.TransactionTopic, consumerTopic: BrokerHarness.NormalTopic);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var up = await health.CheckHealthAsync(ct);
        Assert.Equal([CheckName], up.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, up.Entries[CheckName].Status);

        await harness.DisposeAsync();
        var down = (await health.CheckHealthAsync(ct)).Entries[CheckName];
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.StartsWith("The RocketMQ broker did not answer", down.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-topic", BrokerHarness.NormalTopic)]
    [InlineData(BrokerHarness.TransactionTopic, "no-such-topic")]
    public async Task A_topic_the_broker_does_not_have_makes_the_one_check_unhealthy_whichever_client_uses_it(string producerTopic, string consumerTopic)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        using var host = Build(harness.Broker.Endpoint, producerTopic, consumerTopic);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<NotFoundException>(entry.Exception, exactMatch: false);
    }

    private static IHost Build(string endpoint, string producerTopic, string consumerTopic) => ClientHosts.Build(
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = $"Endpoints={endpoint}",
            ["Aspire:RocketMq:Client:RequestTimeout"] = "00:00:02",
        },
        builder =>
        {
            builder.AddRocketMqProducer("rocketmq", configureProducer: options => options.Topics.Add(producerTopic));
            builder.AddRocketMqSimpleConsumer("rocketmq", configureConsumer: options =>
            {
                options.ConsumerGroup = "points-service";
                options.Subscriptions[consumerTopic] = "*";
            });
        });
}
