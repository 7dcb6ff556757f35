namespace PointsDemo.RocketMq;

/// <summary>
/// How to reach RocketMQ: the proxy's access point, TLS, credentials, namespace and timeouts, as a
/// <see cref="Producer"/>, <see cref="SimpleConsumer"/> or <see cref="TopicRouteProbe"/> is built
/// with them. An application on .NET Aspire does not fill them itself: the client integration
/// (<c>builder.AddRocketMqProducer("rocketmq")</c>) makes them from the connection string and the
/// <see cref="RocketMqClientSettings"/>.
/// </summary>
public sealed class RocketMqOptions
{
    /// <summary>
    /// The access point: <c>host:port</c>, or several separated by <c>;</c> or <c>,</c>
    /// (e.g. <c>127.0.0.1:8081</c>, the RocketMQ proxy's gRPC port). Required.
    /// </summary>
    public string Endpoints { get; set; } = "";

    /// <summary>
    /// Whether to speak TLS (<c>https</c>) to the proxy. Off by default: the dev broker serves
    /// plaintext HTTP/2, and the real proxy accepts both on the same port.
    /// </summary>
    public bool EnableTls { get; set; }

    /// <summary>
    /// With <see cref="EnableTls"/>, accept any server certificate, such as the self-signed one the
    /// proxy uses in its default test mode. Off by default: certificates are validated.
    /// </summary>
    public bool AcceptAnyServerCertificate { get; set; }

    /// <summary>Access key of the credentials; requests are signed when it and <see cref="SecretKey"/> are set.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret key of the credentials (the HMAC-SHA1 key of the request signature).</summary>
    public string? SecretKey { get; set; }

    /// <summary>Token of temporary credentials, sent as <c>x-mq-session-token</c>.</summary>
    public string? SessionToken { get; set; }

    /// <summary>The namespace put on every topic and group, and sent as <c>x-mq-namespace</c>. Empty by default.</summary>
    public string Namespace { get; set; } = "";

    /// <summary>Deadline of each request (long polling adds its await duration). 3 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
