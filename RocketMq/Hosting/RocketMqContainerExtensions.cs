using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Runs a RocketMQ resource on the real RocketMQ 5 containers.</summary>
public static class RocketMqContainerExtensions
{
    /// <summary>The image every container runs.</summary>
    public const string Image = "apache/rocketmq";

    /// <summary>The image's tag, the one RocketMQ's own quick starts use.</summary>
    public const string Tag = "5.3.1";

    /// <summary>Where the configuration files are mounted in the containers (the image's user's home).</summary>
    public const string ContainerHome = "/home/rocketmq";

    /// <summary>
    /// Where the broker keeps its messages, topics, offsets and users: <c>storePathRootDir</c> in
    /// <c>broker.conf</c>, the image user's default written out, and where the store volume is mounted.
    /// </summary>
    public const string StoreFolder = $"{ContainerHome}/store";

    /// <summary>
    /// The script the broker and the proxy start through: it renders the <c>broker.conf</c> or
    /// <c>rmq-proxy.json</c> mounted beside it, with the key pair and the OTLP endpoint from its
    /// environment, into <see cref="RenderedFolder"/>, then runs its arguments.
    /// </summary>
    public const string SettingsScript = "with-settings.sh";

    /// <summary>Where <see cref="SettingsScript"/> writes the files the broker and the proxy then read.</summary>
    public const string RenderedFolder = $"{ContainerHome}/rendered";

    /// <summary>The variable the scripts read the access key from.</summary>
    public const string AccessKeyVariable = "ROCKETMQ_ACCESS_KEY";

    /// <summary>The variable they read the secret key from: the one the dev broker reads too.</summary>
    public const string SecretKeyVariable = RocketMqDevBrokerExtensions.SecretKeyVariable;

    // The image's user (uid 3000 in apache/rocketmq-docker's image-build/Dockerfile-ubuntu).
    private const string ImageUser = "rocketmq:rocketmq";

    /// <summary>
    /// Runs the resource as RocketMQ 5 containers, each a child resource:
    /// <list type="bullet">
    /// <item><c>&lt;name&gt;-namesrv</c>, the name server, reached by the others on the containers'
    /// network only (it has no authentication, so it is not published on the host);</item>
    /// <item><c>&lt;name&gt;-store-init</c>, a one-shot step that empties the broker's store volume and
    /// hands it to the image's user, once per run of the application;</item>
    /// <item><c>&lt;name&gt;-broker</c>, the broker, its store on that volume, so that a restart keeps the
    /// messages;</item>
    /// <item><c>&lt;name&gt;-init</c>, a one-shot step that creates the declared topics, with their message
    /// types, and groups once the broker has registered;</item>
    /// <item><c>&lt;name&gt;-proxy</c>, the gRPC proxy in cluster mode, the endpoint applications use: its
    /// route answers name the address and port the client dialled, so any published port works.</item>
    /// </list>
    /// The resource is healthy once the proxy serves the topics. When the resource has credentials,
    /// every request must be signed with them: the applications', the init step's and the proxy's
    /// own calls to the broker. The broker and the proxy export their metrics to the dashboard's
    /// OTLP/gRPC endpoint when there is one.
    /// </summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="configurationFolder">
    /// The folder holding <c>broker.conf</c>, <c>rmq-proxy.json</c>, <c>with-settings.sh</c>,
    /// <c>create-topics-and-groups.sh</c> and <c>prepare-store.sh</c>, relative to the AppHost's folder;
    /// the same files a compose file would mount.
    /// </param>
    /// <param name="port">The host port of the proxy's gRPC endpoint; a free one when null.</param>
    public static IResourceBuilder<RocketMqResource> RunAsContainers(this IResourceBuilder<RocketMqResource> builder, string configurationFolder, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationFolder);
        var app = builder.ApplicationBuilder;
        var rocketmq = builder.Resource;
        string File(string name) => Path.Combine(configurationFolder, name);
        IResourceBuilder<ContainerResource> Container(string role) =>
            app.AddContainer($"{rocketmq.Name}-{role}", Image, Tag).WithParentRelationship(rocketmq);

        // No endpoint: Aspire publishes every endpoint on the host. The others reach it by its
        // name, which is its alias on the containers' network.
        var nameServer = Container("namesrv")
            .WithArgs("sh", "mqnamesrv")
            .WithEnvironment("JAVA_OPT_EXT", "-Xms256m -Xmx256m -Xmn128m");
        var nameServerAddress = $"{nameServer.Resource.Name}:9876";

        // The orchestrator replaces a container that is restarted, and a new volume belongs to root.
        var store = VolumeNameGenerator.Generate(builder, "store");
        var storeInit = Container("store-init")
            .WithEntrypoint("bash")
            .WithArgs($"{ContainerHome}/prepare-store.sh", StoreFolder, ImageUser)
            .WithBindMount(File("prepare-store.sh"), $"{ContainerHome}/prepare-store.sh", isReadOnly: true)
            .WithVolume(store, StoreFolder)
            .WithContainerRuntimeArgs("--user", "0:0");

        var broker = Container("broker")
            .WithEntrypoint("bash")
            .WithArgs($"{ContainerHome}/{SettingsScript}", "sh", "mqbroker", "-c", $"{RenderedFolder}/broker.conf")
            .WithBindMount(File(SettingsScript), $"{ContainerHome}/{SettingsScript}", isReadOnly: true)
            .WithBindMount(File("broker.conf"), $"{ContainerHome}/broker.conf", isReadOnly: true)
            .WithVolume(store, StoreFolder)
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("JAVA_OPT_EXT", "-Xms512m -Xmx512m -Xmn256m -XX:MaxDirectMemorySize=512m")
            .WithKeysOf(rocketmq)
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.Grpc)
            .WaitFor(nameServer)
            .WaitForCompletion(storeInit);

        // mqadmin reports failures on its output and exits 0, and creates nothing while the broker
        // has not registered with the name server: the script reads its output and retries, so its
        // success also says the broker is registered.
        var init = Container("init")
            .WithEntrypoint("bash")
            .WithArgs($"{ContainerHome}/create-topics-and-groups.sh")
            .WithBindMount(File("create-topics-and-groups.sh"), $"{ContainerHome}/create-topics-and-groups.sh", isReadOnly: true)
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("ROCKETMQ_TOPICS", () => string.Join(' ', rocketmq.Topics.Select(t => $"{t.Name}:{t.MessageTypeName}")))
            .WithEnvironment("ROCKETMQ_GROUPS", () => string.Join(' ', rocketmq.ConsumerGroups))
            .WithKeysOf(rocketmq)
            .WaitFor(broker);

        // The proxy creates its heartbeat topic on a registered broker when it starts and exits if
        // it cannot: it starts after the init step, which succeeds only once the broker registered.
        var proxy = app.AddContainer($"{rocketmq.Name}-proxy", Image, Tag)
            .WithEntrypoint("bash")
            .WithArgs($"{ContainerHome}/{SettingsScript}", "sh", "mqproxy", "-pc", $"{RenderedFolder}/rmq-proxy.json")
            .WithBindMount(File(SettingsScript), $"{ContainerHome}/{SettingsScript}", isReadOnly: true)
            .WithBindMount(File("rmq-proxy.json"), $"{ContainerHome}/rmq-proxy.json", isReadOnly: true)
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("JAVA_OPT_EXT", "-Xms256m -Xmx256m -Xmn128m")
            .WithKeysOf(rocketmq)
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.Grpc)
            .WithEndpoint(name: RocketMqResource.ProxyEndpointName, targetPort: 8081, port: port, scheme: "tcp")
            .WithTcpHealthCheck(RocketMqResource.ProxyEndpointName)
            .WaitForCompletion(init);

        return builder.RunsOn(proxy);
    }

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
                context.EnvironmentVariables[SecretKeyVariable] = secretKey;
            }
        });
}
