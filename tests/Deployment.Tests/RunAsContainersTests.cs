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
    private static readonly string[] RocketMqContainers = ["rocketmq-namesrv", "rocketmq-store-init", "rocketmq-broker", "rocketmq-init", "rocketmq-proxy"];

    [Fact]
    public async Task Without_credentials_or_dashboard_the_script_renders_the_files_as_they_are_and_no_container_gets_keys()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq").WithTopic("user-registered", RocketMqMessageType.Transaction).RunAsContainers();
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
        var rocketmq = builder.AddRocketMq("rocketmq").RunAsContainers(port: 18081);
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
        builder.AddRocketMq("rocketmq").RunAsContainers().WithCredentials(accessKey, secretKey);
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

    [Fact]
    public async Task The_configuration_files_come_from_the_package_as_copies_of_the_repository_files_and_nothing_is_mounted_from_the_application()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq").RunAsContainers();
        await using var model = DockerModeModel.Build(builder);

        Assert.All(RocketMqContainers, name => Assert.DoesNotContain(
            model.Resource(name).Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.BindMount));
        var copied = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var name in RocketMqContainers)
        {
            copied[name] = await model.CopiedFilesAsync((ContainerResource)model.Resource(name), TestContext.Current.CancellationToken);
        }

        string Copy(string file) => $"{Repository.PathOf($"deploy/rocketmq/{file}")}:/home/rocketmq/{file}:ro";
        Assert.Empty(copied["rocketmq-namesrv"]);
        Assert.Equal([Copy("prepare-store.sh")], copied["rocketmq-store-init"]);
        Assert.Equal([Copy("with-settings.sh"), Copy("broker.conf")], copied["rocketmq-broker"]);
        Assert.Equal([Copy("create-topics-and-groups.sh")], copied["rocketmq-init"]);
        Assert.Equal([Copy("with-settings.sh"), Copy("rmq-proxy.json")], copied["rocketmq-proxy"]);
    }

    [Fact]
    public async Task Without_a_data_volume_each_run_empties_the_store_with_a_data_volume_it_is_kept_in_the_named_volume()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("ephemeral").RunAsContainers();
        builder.AddRocketMq("kept").RunAsContainers().WithDataVolume("kept-store");
        await using var model = DockerModeModel.Build(builder);

        var ephemeral = await model.ShapeAsync((ContainerResource)model.Resource("ephemeral-store-init"), TestContext.Current.CancellationToken);
        Assert.Equal(["bash", "/home/rocketmq/prepare-store.sh", "/home/rocketmq/store", "rocketmq:rocketmq"], ephemeral.CommandLine);
        var kept = await model.ShapeAsync((ContainerResource)model.Resource("kept-store-init"), TestContext.Current.CancellationToken);
        Assert.Equal(["bash", "/home/rocketmq/prepare-store.sh", "/home/rocketmq/store", "rocketmq:rocketmq", "--keep"], kept.CommandLine);

        Assert.All((string[])["kept-store-init", "kept-broker"], name => Assert.Equal(
            ("kept-store", "/home/rocketmq/store"),
            Assert.Single(model.Resource(name).Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume) is var m ? (m.Source, m.Target) : default));
        Assert.NotEqual("kept-store", Assert.Single(model.Resource("ephemeral-broker").Annotations.OfType<ContainerMountAnnotation>()).Source);
    }

    [Fact]
    public async Task A_persistent_lifetime_reaches_every_container_and_keeps_the_store()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq").RunAsContainers().WithLifetime(ContainerLifetime.Persistent);
        await using var model = DockerModeModel.Build(builder);

        Assert.All(RocketMqContainers, name => Assert.Equal(
            ContainerLifetime.Persistent, model.Resource(name).Annotations.OfType<ContainerLifetimeAnnotation>().Last().Lifetime));
        var storeInit = await model.ShapeAsync((ContainerResource)model.Resource("rocketmq-store-init"), TestContext.Current.CancellationToken);
        Assert.Equal("--keep", storeInit.CommandLine[^1]);
    }

    [Fact]
    public async Task An_image_tag_override_reaches_every_container()
    {
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq").RunAsContainers().WithImageTag("5.3.2");
        await using var model = DockerModeModel.Build(builder);

        Assert.All(RocketMqContainers, name => Assert.Equal("apache/rocketmq:5.3.2", model.Containers.Single(c => c.Name == name).Annotations.OfType<ContainerImageAnnotation>().Last() is var image ? $"{image.Image}:{image.Tag}" : null));
    }

    [Fact]
    public void The_container_settings_before_RunAsContainers_say_to_call_it_first()
    {
        var rocketmq = DockerModeModel.CreateBuilder().AddRocketMq("rocketmq");

        var error = Assert.Throws<InvalidOperationException>(() => rocketmq.WithDataVolume());
        Assert.Contains("call RunAsContainers before it", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => rocketmq.WithImageTag("5.3.2"));
        Assert.Throws<InvalidOperationException>(() => rocketmq.WithLifetime(ContainerLifetime.Persistent));
    }

    [Fact]
    public async Task The_connection_properties_are_the_connection_strings_parts()
    {
        var builder = DockerModeModel.CreateBuilder();
        var accessKey = builder.AddParameter("access-key", "pointsdemo");
        var secretKey = builder.AddParameter("secret-key", "secret", secret: true);
        var rocketmq = builder.AddRocketMq("rocketmq").RunAsContainers(port: 18081).WithCredentials(accessKey, secretKey);
        var anonymous = builder.AddRocketMq("anonymous").RunAsContainers(port: 18082);
        await using var model = DockerModeModel.Build(builder);

        var properties = ((IResourceWithConnectionString)rocketmq.Resource).GetConnectionProperties().ToDictionary(p => p.Key, p => p.Value.ValueExpression);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Host"] = "{rocketmq-proxy.bindings.grpc.host}",
                ["Port"] = "{rocketmq-proxy.bindings.grpc.port}",
                ["Endpoints"] = "{rocketmq-proxy.bindings.grpc.host}:{rocketmq-proxy.bindings.grpc.port}",
                ["AccessKey"] = "{access-key.value}",
                ["SecretKey"] = "{secret-key.value}",
            },
            properties);
        Assert.Equal(["Host", "Port", "Endpoints"], ((IResourceWithConnectionString)anonymous.Resource).GetConnectionProperties().Select(p => p.Key));
    }
}
