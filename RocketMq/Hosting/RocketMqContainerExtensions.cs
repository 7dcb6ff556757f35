using Aspire.Hosting.ApplicationModel;
using static Aspire.Hosting.RocketMqContainerImage;

namespace Aspire.Hosting;

/// <summary>Runs a RocketMQ resource on the real RocketMQ 5 containers.</summary>
public static class RocketMqContainerExtensions
{
    /// <summary>
    /// Runs the resource as RocketMQ 5 containers (<c>apache/rocketmq</c>), each a child resource:
    /// <list type="bullet">
    /// <item><c>&lt;name&gt;-namesrv</c>, the name server, reached by the others on the containers'
    /// network only (it has no authentication, so it is not published on the host);</item>
    /// <item><c>&lt;name&gt;-store-init</c>, a one-shot step that hands the broker's store volume to the
    /// image's user, and empties it first unless <see cref="WithDataVolume"/> keeps it;</item>
    /// <item><c>&lt;name&gt;-broker</c>, the broker, its store on that volume, so that a restart keeps the
    /// messages;</item>
    /// <item><c>&lt;name&gt;-init</c>, a one-shot step that creates the declared topics, with their message
    /// types, and groups once the broker has registered;</item>
    /// <item><c>&lt;name&gt;-proxy</c>, the gRPC proxy in cluster mode, the endpoint applications use: its
    /// route answers name the address and port the client dialled, so any published port works.</item>
    /// </list>
    /// The configuration files come with this package and are copied into the containers. The
    /// resource is healthy once the proxy serves the topics. When the resource has credentials, every
    /// request must be signed with them: the applications', the init step's and the proxy's own calls
    /// to the broker. The broker and the proxy export their metrics to the dashboard's OTLP/gRPC
    /// endpoint when there is one.
    /// </summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="port">The host port of the proxy's gRPC endpoint; a free one when null.</param>
    public static IResourceBuilder<RocketMqResource> RunAsContainers(this IResourceBuilder<RocketMqResource> builder, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.ApplicationBuilder;
        var rocketmq = builder.Resource;
        var containers = new RocketMqContainers(VolumeNameGenerator.Generate(builder, "store"));
        IResourceBuilder<ContainerResource> Container(string role)
        {
            var container = app.AddContainer($"{rocketmq.Name}-{role}", Image, Tag).WithParentRelationship(rocketmq);
            containers.Add(container);
            return container;
        }

        // No endpoint: Aspire publishes every endpoint on the host. The others reach it by its
        // name, which is its alias on the containers' network.
        var nameServer = Container("namesrv")
            .WithArgs("sh", "mqnamesrv")
            .WithEnvironment("JAVA_OPT_EXT", "-Xms256m -Xmx256m -Xmn128m");
        var nameServerAddress = $"{nameServer.Resource.Name}:9876";

        // The orchestrator replaces a container that is restarted, and a new volume belongs to root.
        var storeInit = Container("store-init")
            .WithEntrypoint("bash")
            .WithArgs(context =>
            {
                context.Args.Add($"{Home}/prepare-store.sh");
                context.Args.Add(StoreFolder);
                context.Args.Add(User);
                if (containers.KeepsStore)
                {
                    context.Args.Add("--keep");
                }
            })
            .WithFiles("prepare-store.sh")
            .WithContainerRuntimeArgs("--user", "0:0");

        var broker = Container("broker")
            .WithEntrypoint("bash")
            .WithArgs($"{Home}/{SettingsScript}", "sh", "mqbroker", "-c", $"{RenderedFolder}/broker.conf")
            .WithFiles(SettingsScript, "broker.conf")
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("JAVA_OPT_EXT", "-Xms512m -Xmx512m -Xmn256m -XX:MaxDirectMemorySize=512m")
            .WithKeysOf(rocketmq)
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.Grpc)
            .WaitFor(nameServer)
            .WaitForCompletion(storeInit);
        containers.MountStore(storeInit, broker);

        // mqadmin reports failures on its output and exits 0, and creates nothing while the broker
        // has not registered with the name server: the script reads its output and retries, so its
        // success also says the broker is registered.
        var init = Container("init")
            .WithEntrypoint("bash")
            .WithArgs($"{Home}/create-topics-and-groups.sh")
            .WithFiles("create-topics-and-groups.sh")
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("ROCKETMQ_TOPICS", () => string.Join(' ', rocketmq.Topics.Select(t => $"{t.Name}:{t.MessageTypeName}")))
            .WithEnvironment("ROCKETMQ_GROUPS", () => string.Join(' ', rocketmq.ConsumerGroups))
            .WithKeysOf(rocketmq)
            .WaitFor(broker);

        // The proxy creates its heartbeat topic on a registered broker when it starts and exits if
        // it cannot: it starts after the init step, which succeeds only once the broker registered.
        // Not a child by parent relationship here: RunsOn makes it one, as the process behind the resource.
        var proxy = app.AddContainer($"{rocketmq.Name}-proxy", Image, Tag)
            .WithEntrypoint("bash")
            .WithArgs($"{Home}/{SettingsScript}", "sh", "mqproxy", "-pc", $"{RenderedFolder}/rmq-proxy.json")
            .WithFiles(SettingsScript, "rmq-proxy.json")
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("JAVA_OPT_EXT", "-Xms256m -Xmx256m -Xmn128m")
            .WithKeysOf(rocketmq)
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.Grpc)
            .WithEndpoint(name: RocketMqResource.ProxyEndpointName, targetPort: 8081, port: port, scheme: "tcp")
            .WithTcpHealthCheck(RocketMqResource.ProxyEndpointName)
            .WaitForCompletion(init);
        containers.Add(proxy);

        rocketmq.SetContainers(containers);
        return builder.RunsOn(proxy);
    }

    /// <summary>
    /// Keeps the broker's store (messages, topics, offsets, users) in a named volume that outlives the
    /// application: the next run finds what this one left. Without it, each run of the application
    /// starts with an empty store, which a restart of the broker within the run keeps.
    /// </summary>
    /// <param name="builder">The RocketMQ resource, after <see cref="RunAsContainers"/>.</param>
    /// <param name="name">The volume's name; one derived from the application and the resource when null.</param>
    public static IResourceBuilder<RocketMqResource> WithDataVolume(this IResourceBuilder<RocketMqResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var containers = ContainersOf(builder, nameof(WithDataVolume));
        containers.KeepStore(name);
        return builder;
    }

    /// <summary>
    /// Sets the lifetime of every RocketMQ container. <see cref="ContainerLifetime.Persistent"/> keeps
    /// them running after the application stops, and then keeps the broker's store too, as
    /// <see cref="WithDataVolume"/> does.
    /// </summary>
    /// <param name="builder">The RocketMQ resource, after <see cref="RunAsContainers"/>.</param>
    /// <param name="lifetime">The containers' lifetime.</param>
    public static IResourceBuilder<RocketMqResource> WithLifetime(this IResourceBuilder<RocketMqResource> builder, ContainerLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var containers = ContainersOf(builder, nameof(WithLifetime));
        foreach (var container in containers.All)
        {
            container.WithLifetime(lifetime);
        }

        if (lifetime == ContainerLifetime.Persistent)
        {
            // A store emptied at each start would pull the ground from under a broker that stayed up.
            containers.KeepStore(name: null);
        }

        return builder;
    }

    /// <summary>Runs every RocketMQ container on another tag of the <c>apache/rocketmq</c> image.</summary>
    /// <param name="builder">The RocketMQ resource, after <see cref="RunAsContainers"/>.</param>
    /// <param name="tag">The tag; the configuration files are written for RocketMQ 5.3.</param>
    public static IResourceBuilder<RocketMqResource> WithImageTag(this IResourceBuilder<RocketMqResource> builder, string tag)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        foreach (var container in ContainersOf(builder, nameof(WithImageTag)).All)
        {
            container.WithImageTag(tag);
        }

        return builder;
    }

    private static RocketMqContainers ContainersOf(IResourceBuilder<RocketMqResource> builder, string method) =>
        builder.Resource.Containers ?? throw new InvalidOperationException(
            $"{method} configures the containers of RocketMQ resource '{builder.Resource.Name}': call RunAsContainers before it.");

    /// <summary>
    /// Hands the resource's key pair, if it has one, to a container's scripts, the secret as a
    /// secret parameter's value. Read when the container starts, so credentials given after
    /// <see cref="RunAsContainers"/> count too.
    /// </summary>
    private static IResourceBuilder<ContainerResource> WithKeysOf(this IResourceBuilder<ContainerResource> container, RocketMqResource rocketmq) =>
        container.WithEnvironment(context =>
        {
            if (rocketmq is { AccessKey: { } accessKey, SecretKey: { } secretKey })
            {
                context.EnvironmentVariables[AccessKeyVariable] = accessKey;
                context.EnvironmentVariables[RocketMqDevBrokerExtensions.SecretKeyVariable] = secretKey;
            }
        });
}
