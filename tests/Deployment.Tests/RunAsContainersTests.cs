using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// RunAsContainers on a RocketMQ resource the AppHost does not have: without credentials, and with
/// credentials given after it. <see cref="DockerModeModelTests"/> covers the AppHost's resource.
/// </summary>
public sealed class RunAsContainersTests
{
    private static readonly string ConfigurationFolder = Repository.PathOf("deploy/rocketmq");

    private static readonly string[] RocketMqContainers = ["rocketmq-namesrv", "rocketmq-store-init", "rocketmq-broker", "rocketmq-init", "rocketmq-proxy"];

    [Fact]
    public async Task Without_credentials_or_dashboard_the_script_renders_the_files_as_they_are_and_no_container_gets_keys()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq").WithTopic("user-registered", RocketMqMessageType.Transaction).RunAsContainers(ConfigurationFolder);
        await using var model = DockerModeModel.Build(builder);

        var broker = await model.ShapeAsync((ContainerResource)model.Resource("rocketmq-broker"), TestContext.Current.CancellationToken);
        Assert.Equal(["bash", "/home/rocketmq/with-settings.sh", "sh", "mqbroker", "-c", "/home/rocketmq/rendered/broker.conf"], broker.CommandLine);
        Assert.Equal(["JAVA_OPT_EXT", "NAMESRV_ADDR"], broker.Environment.Keys.Order());
        var proxy = await model.ShapeAsync((ContainerResource)model.Resource("rocketmq-proxy"), TestContext.Current.CancellationToken);
        Assert.Equal(["JAVA_OPT_EXT", "NAMESRV_ADDR"], proxy.Environment.Keys.Order());

        var init = await model.ShapeAsync((ContainerResource)model.Resource("rocketmq-init"), TestContext.Current.CancellationToken);
        Assert.Equal(["NAMESRV_ADDR", "ROCKETMQ_GROUPS", "ROCKETMQ_TOPICS"], init.Environment.Keys.Order());
    }

    [Fact]
    public async Task Every_container_is_a_child_of_the_resource_and_only_the_proxy_has_an_endpoint()
    {
        var builder = DockerModeModel.CreateBuilder();
        var rocketmq = builder.AddRocketMq("rocketmq").RunAsContainers(ConfigurationFolder, port: 18081);
        await using var model = DockerModeModel.Build(builder);

        Assert.All(RocketMqContainers, name => Assert.Same(
            rocketmq.Resource,
            Assert.Single(model.Resource(name).Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Parent").Resource));
        Assert.Equal("rocketmq-proxy", rocketmq.Resource.Broker.Name);
        // The name server has no authentication: it is reached on the containers' network only.
        Assert.Equal(
            [("rocketmq-proxy", 8081, (int?)18081)],
            RocketMqContainers.SelectMany(name => model.Resource(name).Annotations.OfType<EndpointAnnotation>().Select(e => (name, e.TargetPort!.Value, e.Port))));
    }

    [Fact]
    public async Task Credentials_given_after_RunAsContainers_reach_every_container_that_signs_or_checks()
    {
        var builder = DockerModeModel.CreateBuilder();
        var accessKey = builder.AddParameter("access-key", "pointsdemo");
        var secretKey = builder.AddParameter("secret-key", "secret", secret: true);
        builder.AddRocketMq("rocketmq").RunAsContainers(ConfigurationFolder).WithCredentials(accessKey, secretKey);
        await using var model = DockerModeModel.Build(builder);

        foreach (var name in (string[])["rocketmq-broker", "rocketmq-init", "rocketmq-proxy"])
        {
            var environment = await model.EnvironmentValuesAsync(model.Resource(name), TestContext.Current.CancellationToken);
            Assert.Same(accessKey.Resource, environment["ROCKETMQ_ACCESS_KEY"]);
            Assert.Same(secretKey.Resource, environment["ROCKETMQ_SECRET_KEY"]);
        }

        foreach (var name in (string[])["rocketmq-namesrv", "rocketmq-store-init"])
        {
            var environment = await model.EnvironmentValuesAsync(model.Resource(name), TestContext.Current.CancellationToken);
            Assert.DoesNotContain("ROCKETMQ_SECRET_KEY", environment.Keys);
        }
    }
}
