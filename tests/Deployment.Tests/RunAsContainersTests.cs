using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// RunAsContainers on a RocketMQ resource without credentials: the broker runs on the mounted files as
/// they are, with authentication off, and no container gets keys. <see cref="DockerModeModelTests"/>
/// covers the AppHost's resource, which has credentials.
/// </summary>
public sealed class RunAsContainersTests
{
    private static readonly string ConfigurationFolder = Repository.PathOf("deploy/rocketmq");

    [Fact]
    public async Task Without_credentials_the_broker_runs_on_the_mounted_files_and_no_container_gets_keys()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq").WithTopic("user-registered", RocketMqMessageType.Transaction).RunAsContainers(ConfigurationFolder);
        await using var model = DockerModeModel.Build(builder);

        var broker = await model.ShapeAsync((ContainerResource)model.Resource("rocketmq-broker"), TestContext.Current.CancellationToken);
        Assert.Equal(["sh", "mqbroker", "--enable-proxy", "-c", "/home/rocketmq/broker.conf", "-pc", "/home/rocketmq/rmq-proxy.json"], broker.CommandLine);
        Assert.Equal(
            [$"{ConfigurationFolder}/broker.conf:/home/rocketmq/broker.conf:ro", $"{ConfigurationFolder}/rmq-proxy.json:/home/rocketmq/rmq-proxy.json:ro"],
            broker.Mounts);
        Assert.Equal(["JAVA_OPT_EXT", "NAMESRV_ADDR"], broker.Environment.Keys.Order());

        var init = await model.ShapeAsync((ContainerResource)model.Resource("rocketmq-init"), TestContext.Current.CancellationToken);
        Assert.Equal(["NAMESRV_ADDR", "ROCKETMQ_GROUPS", "ROCKETMQ_TOPICS"], init.Environment.Keys.Order());
    }

    [Fact]
    public async Task Credentials_given_after_RunAsContainers_keep_the_unchecking_broker_from_starting()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq")
            .RunAsContainers(ConfigurationFolder)
            .WithCredentials(builder.AddParameter("access-key", "pointsdemo"), builder.AddParameter("secret-key", "secret", secret: true));
        await using var model = DockerModeModel.Build(builder);

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => model.EnvironmentAsync(model.Resource("rocketmq-broker"), TestContext.Current.CancellationToken));

        Assert.Contains("call WithCredentials first", error.Message, StringComparison.Ordinal);
    }
}
