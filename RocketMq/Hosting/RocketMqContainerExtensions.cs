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
    /// The script that starts the broker with authentication on: it renders the mounted
    /// <c>broker.conf</c> and <c>rmq-proxy.json</c>, with the key pair from its environment, into
    /// <see cref="AuthenticatedFolder"/>, then runs its arguments.
    /// </summary>
    public const string AuthenticationScript = "with-authentication.sh";

    /// <summary>Where <see cref="AuthenticationScript"/> writes the files the broker then reads.</summary>
    public const string AuthenticatedFolder = $"{ContainerHome}/authenticated";

    /// <summary>The variable the broker's script and the init step read the access key from.</summary>
    public const string AccessKeyVariable = "ROCKETMQ_ACCESS_KEY";

    /// <summary>The variable they read the secret key from: the one the dev broker reads too.</summary>
    public const string SecretKeyVariable = RocketMqDevBrokerExtensions.SecretKeyVariable;

    /// <summary>
    /// Runs the resource as RocketMQ 5 containers, each a child resource: the name server
    /// (<c>&lt;name&gt;-namesrv</c>), the broker with its gRPC proxy in one JVM (<c>&lt;name&gt;-broker</c>,
    /// the endpoint applications use), and a one-shot step (<c>&lt;name&gt;-init</c>) that creates the
    /// declared topics, with their message types, and groups. The resource is healthy once the topics are served.
    /// When the resource has credentials, the broker refuses requests not signed with them
    /// (RocketMQ's authentication) and the init step signs with them.
    /// </summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="configurationFolder">
    /// The folder holding <c>broker.conf</c>, <c>rmq-proxy.json</c>, <c>create-topics-and-groups.sh</c>
    /// and <c>with-authentication.sh</c>, relative to the AppHost's folder; the same files a compose file would mount.
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
            .WithBindMount(File("broker.conf"), $"{ContainerHome}/broker.conf", isReadOnly: true)
            .WithBindMount(File("rmq-proxy.json"), $"{ContainerHome}/rmq-proxy.json", isReadOnly: true)
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("JAVA_OPT_EXT", "-Xms512m -Xmx512m -Xmn256m -XX:MaxDirectMemorySize=512m")
            .WithEndpoint(name: RocketMqResource.ProxyEndpointName, targetPort: 8081, port: port, scheme: "tcp")
            // The gRPC port opens only once the embedded broker has started.
            .WithTcpHealthCheck(RocketMqResource.ProxyEndpointName)
            .WaitFor(nameServer);

        // mqadmin reports failures on its output and exits 0; the script reads its output and retries.
        var init = app.AddContainer($"{rocketmq.Name}-init", Image, Tag)
            .WithEntrypoint("bash")
            .WithArgs($"{ContainerHome}/create-topics-and-groups.sh")
            .WithBindMount(File("create-topics-and-groups.sh"), $"{ContainerHome}/create-topics-and-groups.sh", isReadOnly: true)
            .WithEnvironment("NAMESRV_ADDR", nameServerAddress)
            .WithEnvironment("ROCKETMQ_TOPICS", () => string.Join(' ', rocketmq.Topics.Select(t => $"{t.Name}:{t.MessageTypeName}")))
            .WithEnvironment("ROCKETMQ_GROUPS", () => string.Join(' ', rocketmq.ConsumerGroups))
            .WaitFor(broker)
            .WithParentRelationship(rocketmq);

        if (rocketmq is { AccessKey: { } accessKey, SecretKey: { } secretKey })
        {
            // A mounted file cannot hold a secret parameter: the broker starts through a script that
            // renders the mounted files with authentication on and the keys from its environment,
            // then runs the broker on the rendered files. mqadmin, in the init step, signs with them.
            broker
                .WithEntrypoint("bash")
                .WithArgs([$"{ContainerHome}/{AuthenticationScript}", .. BrokerCommand(AuthenticatedFolder)])
                .WithBindMount(File(AuthenticationScript), $"{ContainerHome}/{AuthenticationScript}", isReadOnly: true)
                .WithKeys(accessKey, secretKey);
            init.WithKeys(accessKey, secretKey);
        }
        else
        {
            broker
                .WithArgs(BrokerCommand(ContainerHome))
                // Credentials given only now would leave this broker checking nothing while the
                // applications sign: refuse to start it rather than pretend.
                .WithEnvironment(_ => rocketmq.AccessKey is null
                    ? Task.CompletedTask
                    : throw new DistributedApplicationException(
                        $"RocketMQ resource '{rocketmq.Name}' got its credentials after RunAsContainers: call WithCredentials first."));
        }

        return builder.RunsOn(broker);
    }

    /// <summary>Hands the key pair to a container's scripts, the secret as a secret parameter's value.</summary>
    private static IResourceBuilder<ContainerResource> WithKeys(
        this IResourceBuilder<ContainerResource> container, ParameterResource accessKey, ParameterResource secretKey) =>
        container.WithEnvironment(AccessKeyVariable, accessKey).WithEnvironment(SecretKeyVariable, secretKey);

    /// <summary>Starts the broker and the gRPC proxy on the configuration files in <paramref name="folder"/>.</summary>
    private static string[] BrokerCommand(string folder) =>
        ["sh", "mqbroker", "--enable-proxy", "-c", $"{folder}/broker.conf", "-pc", $"{folder}/rmq-proxy.json"];
}
