namespace PointsDemo.RocketMq;

/// <summary>
/// The settings of one RocketMQ connection of an application, as the client integration
/// (<c>builder.AddRocketMqProducer("rocketmq")</c> and its siblings) reads them: the
/// <c>Aspire:RocketMq:Client</c> configuration section, then <c>Aspire:RocketMq:Client:{name}</c>
/// over it, then <c>ConnectionStrings:{name}</c> for <see cref="ConnectionString"/> when it is present
/// and not blank, then the application's <c>configureSettings</c> delegate.
/// </summary>
/// <remarks>
/// Where the broker is and who the application is (endpoints, TLS, credentials, namespace) travel
/// in the connection string, which an orchestrator hands out. The other two knobs here,
/// <see cref="RequestTimeout"/> and <see cref="AcceptAnyServerCertificate"/>, describe how this
/// application talks to that broker in its environment (a slow network, a proxy with a self-signed
/// certificate in development), so they are settings of the application rather than parts of
/// the address. Everything else about a client (topics, consumer group, long polling) is
/// code's business: the <see cref="ProducerOptions"/> and <see cref="SimpleConsumerOptions"/>.
/// </remarks>
public sealed class RocketMqClientSettings
{
    /// <summary>
    /// Where the broker is: a bare list of endpoints (<c>host:port[;host:port]</c>), or key=value
    /// pairs (<c>Endpoints=host:port[,host:port]</c>, and optional <c>EnableTls</c>,
    /// <c>AccessKey</c>, <c>SecretKey</c>, <c>SessionToken</c>, <c>Namespace</c>). Required; the
    /// host's start fails without it, naming the keys that could give it (never the values it has).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Deadline of each request (long polling adds its await duration); the client's own default
    /// (3 seconds) when not set.
    /// </summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>
    /// With TLS (<c>EnableTls=true</c> in the connection string), accept any server certificate,
    /// such as the self-signed one a RocketMQ proxy serves in its default mode. Off by default:
    /// certificates are validated.
    /// </summary>
    public bool AcceptAnyServerCertificate { get; set; }

    /// <summary>
    /// Leaves out the connection's health check (<c>RocketMq_{name}</c>, which asks the broker for the
    /// routes of the clients' topics). Off by default.
    /// </summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>
    /// Leaves the client's spans out of the application's OpenTelemetry traces (messages still carry
    /// the trace context). The clients share one source (<see cref="RocketMqDiagnostics.Name"/>): a
    /// registration that leaves tracing on adds it for all of them. Off by default.
    /// </summary>
    public bool DisableTracing { get; set; }

    /// <summary>
    /// Leaves the client's instruments out of the application's OpenTelemetry metrics. The clients
    /// share one meter, as they share the source of spans (<see cref="DisableTracing"/>). Off by default.
    /// </summary>
    public bool DisableMetrics { get; set; }
}
