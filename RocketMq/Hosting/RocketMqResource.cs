namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// RocketMQ 5 as the applications see it: the gRPC endpoint of its proxy, with the topics and
/// consumer groups they need. The process behind it, the dev broker or the proxy's container, is a
/// child resource chosen with <c>RunAsDevBroker</c> or <c>RunAsContainers</c>; this resource follows
/// that process's state and is healthy once the proxy serves every declared topic.
/// </summary>
/// <param name="name">The resource's name, also the connection string's name (<c>ConnectionStrings:&lt;name&gt;</c>).</param>
public sealed class RocketMqResource(string name) : Resource(name), IResourceWithConnectionString
{
    /// <summary>The name of the gRPC endpoint on the process that serves the proxy.</summary>
    public const string ProxyEndpointName = "grpc";

    private readonly List<RocketMqTopic> _topics = [];
    private readonly List<string> _consumerGroups = [];
    private IResourceWithEndpoints? _broker;

    /// <summary>The topics created when the broker starts.</summary>
    public IReadOnlyList<RocketMqTopic> Topics => _topics;

    /// <summary>The consumer groups created when the broker starts.</summary>
    public IReadOnlyList<string> ConsumerGroups => _consumerGroups;

    /// <summary>The process that serves the proxy's gRPC port: the dev broker's project or the proxy's container.</summary>
    /// <exception cref="InvalidOperationException">Neither <c>RunAsDevBroker</c> nor <c>RunAsContainers</c> was called.</exception>
    public IResourceWithEndpoints Broker =>
        _broker ?? throw new InvalidOperationException(
            $"RocketMQ resource '{Name}' has no broker: call RunAsDevBroker or RunAsContainers on it.");

    /// <summary>The proxy's gRPC endpoint, as the applications reach it.</summary>
    public EndpointReference ProxyEndpoint => new(Broker, ProxyEndpointName);

    /// <summary>The access key requests are signed with; null when the broker checks no signatures.</summary>
    public ParameterResource? AccessKey { get; private set; }

    /// <summary>The secret key of <see cref="AccessKey"/>.</summary>
    public ParameterResource? SecretKey { get; private set; }

    /// <summary>
    /// <c>Endpoints=host:port</c>, with <c>;AccessKey=…;SecretKey=…</c> when requests are signed: what
    /// the client integration (<c>AddRocketMqProducer</c>, <c>AddRocketMqSimpleConsumer</c>) reads from <c>ConnectionStrings:&lt;name&gt;</c>.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression =>
        AccessKey is null || SecretKey is null
            ? ReferenceExpression.Create($"Endpoints={ProxyEndpoint.Property(EndpointProperty.HostAndPort)}")
            : ReferenceExpression.Create($"Endpoints={ProxyEndpoint.Property(EndpointProperty.HostAndPort)};AccessKey={AccessKey};SecretKey={SecretKey}");

    /// <summary>The containers behind the resource, once <c>RunAsContainers</c> made them.</summary>
    internal RocketMqContainers? Containers { get; private set; }

    /// <summary>The proxy's host, as the applications reach it.</summary>
    public EndpointReferenceExpression Host => ProxyEndpoint.Property(EndpointProperty.Host);

    /// <summary>The proxy's port, as the applications reach it.</summary>
    public EndpointReferenceExpression Port => ProxyEndpoint.Property(EndpointProperty.Port);

    /// <summary>
    /// The parts of the connection string one by one, for applications that do not use the client
    /// integration: <c>Host</c>, <c>Port</c>, <c>Endpoints</c> (<c>host:port</c>), and <c>AccessKey</c> and
    /// <c>SecretKey</c> when requests are signed. A reference gives them as <c>ROCKETMQ_HOST</c> and so on.
    /// </summary>
    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties()
    {
        yield return new("Host", ReferenceExpression.Create($"{Host}"));
        yield return new("Port", ReferenceExpression.Create($"{Port}"));
        yield return new("Endpoints", ReferenceExpression.Create($"{ProxyEndpoint.Property(EndpointProperty.HostAndPort)}"));
        if (AccessKey is not null && SecretKey is not null)
        {
            yield return new("AccessKey", ReferenceExpression.Create($"{AccessKey}"));
            yield return new("SecretKey", ReferenceExpression.Create($"{SecretKey}"));
        }
    }

    internal void SetContainers(RocketMqContainers containers) => Containers = containers;

    internal void SetCredentials(ParameterResource accessKey, ParameterResource secretKey)
    {
        AccessKey = accessKey;
        SecretKey = secretKey;
    }

    internal void AddTopic(RocketMqTopic topic)
    {
        if (_topics.Any(t => t.Name == topic.Name))
        {
            throw new DistributedApplicationException($"Topic '{topic.Name}' is declared twice on RocketMQ resource '{Name}'.");
        }

        _topics.Add(topic);
    }

    internal void AddConsumerGroup(string group)
    {
        if (!_consumerGroups.Contains(group))
        {
            _consumerGroups.Add(group);
        }
    }

    internal void SetBroker(IResourceWithEndpoints broker)
    {
        if (_broker is not null)
        {
            throw new DistributedApplicationException($"RocketMQ resource '{Name}' already runs as '{_broker.Name}'.");
        }

        _broker = broker;
    }
}
