namespace PointsDemo.RocketMq;

/// <summary>
/// How to reach RocketMQ: the proxy's access point, TLS, credentials, namespace and timeouts.
/// <see cref="RocketMqClientExtensions.AddRocketMqClient"/> binds them from the <c>RocketMq</c>
/// configuration section, applies the connection string over them and validates them at start-up;
/// they are shared by every producer and consumer of the application.
/// </summary>
public sealed class RocketMqOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "RocketMq";

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

    /// <summary>
    /// Leaves out the <c>rocketmq</c> health check. Read by
    /// <see cref="RocketMqClientExtensions.AddRocketMqClient"/> when it registers the client.
    /// </summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>
    /// Leaves the client's spans out of the application's OpenTelemetry traces (the client still
    /// carries the trace context in its messages). Read by <see cref="RocketMqClientExtensions.AddRocketMqClient"/>.
    /// </summary>
    public bool DisableTracing { get; set; }

    /// <summary>
    /// Leaves the client's instruments out of the application's OpenTelemetry metrics. Read by
    /// <see cref="RocketMqClientExtensions.AddRocketMqClient"/>.
    /// </summary>
    public bool DisableMetrics { get; set; }
}
