using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Runs a RocketMQ resource on the real RocketMQ 5 containers.</summary>
public static class RocketMqContainerExtensions
{
    /// <summary>The image all three containers run.</summary>
    public const string Image = "apache/rocketmq";

    /// <summary>The image's tag, the one RocketMQ's own quick starts use.</summary>
    public const string Tag = "5.3.1";

    /// <summary>Where the configuration files are mounted in the containers (the image's user's home).</summary>
    public const string ContainerHome = "/home/rocketmq";

    /// <summary>
    /// Runs the resource as RocketMQ 5 containers, each a child resource: the name server
    /// (<c>&lt;name&gt;-namesrv</c>), the broker with its gRPC proxy in one JVM (<c>&lt;name&gt;-broker</c>,
    /// the endpoint applications use), and a one-shot step (<c>&lt;name&gt;-init</c>) that creates the
    /// declared topics, with their message types, and groups. The resource is healthy once the topics are served.
    /// </summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="configurationFolder">
    /// The folder holding <c>broker.conf</c>, <c>rmq-proxy.json</c> and <c>create-topics-and-groups.sh</c>,
    /// relative to the AppHost's folder; the same files a compose file would mount.
    /// </param>
    /// <param name="port">The host port of the proxy's gRPC endpoint; a free one when null.</param>
    public static IResourceBuilder<RocketMqResource> RunAsContainers(this IResourceBuilder<RocketMqResource> builder, string configurationFolder, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configurationFolder);
        var app = builder.ApplicationBuilder;
        var rocketmq = builder.Resource;
        string File(string name) => Path.Combine(configurationFolder, name);

        var nameServer = app.AddContainer($"{rocketmq.Name}-namesrv", Image, Tag)
            .WithArgs("sh", "mqnamesrv")
            .WithEnvironment("JAVA_OPT_EXT", "-Xms256m -Xmx256m -Xmn128m")
            .WithEndpoint(name: "tcp", targetPort: 9876, scheme: "tcp")
            .WithTcpHealthCheck("tcp")
            .WithParentRelationship(rocketmq);
        var nameServerAddress = nameServer.GetEndpoint("tcp").Property(EndpointProperty.HostAndPort);

        // Broker and gRPC proxy in one JVM (the proxy's local mode). The proxy answers route queries
        // with the port the client dialled (useEndpointPortFromRequest), so any host port works.
        var broker = app.AddContainer($"{rocketmq.Name}-broker", Image, Tag)
            .WithArgs("sh", "mqbroker", "--enable-proxy", "-c", $"{ContainerHome}/broker.conf", "-pc", $"{ContainerHome}/rmq-proxy.json")
            .WithBindMount(File("broker.conf"), $"{ContainerHome}/broker.conf", isReadOnly: true)
            .WithBindMount(File("rmq-proxy.json"), $"{ContainerHome}/rmq-proxy.json", isReadOnly: true)
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("JAVA_OPT_EXT", "-Xms512m -Xmx512m -Xmn256m -XX:MaxDirectMemorySize=512m")
            .WithEndpoint(name: RocketMqResource.ProxyEndpointName, targetPort: 8081, port: port, scheme: "tcp")
            // The gRPC port opens only once the embedded broker has started.
            .WithTcpHealthCheck(RocketMqResource.ProxyEndpointName)
            .WaitFor(nameServer);

        // mqadmin reports failures on its output and exits 0; the script reads its output and retries.
        app.AddContainer($"{rocketmq.Name}-init", Image, Tag)
            .WithEntrypoint("bash")
            .WithArgs($"{ContainerHome}/create-topics-and-groups.sh")
            .WithBindMount(File("create-topics-and-groups.sh"), $"{ContainerHome}/create-topics-and-groups.sh", isReadOnly: true)
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("ROCKETMQ_TOPICS", () => string.Join(' ', rocketmq.Topics.Select(t => $"{t.Name}:{t.MessageTypeName}")))
            .WithEnvironment("ROCKETMQ_GROUPS", () => string.Join(' ', rocketmq.ConsumerGroups))
            .WaitFor(broker)
            .WithParentRelationship(rocketmq);

        return builder.RunsOn(broker);
    }
}
