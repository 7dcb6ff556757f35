namespace PointsDemo.RocketMq;

/// <summary>
/// The broker could not be reached or did not answer in time (connection refused, gRPC
/// <c>Unavailable</c> or <c>DeadlineExceeded</c>, the client not connected yet). Transient:
/// services answer it with HTTP 503 and the client keeps reconnecting in the background.
/// <see cref="RocketMqException.Code"/> is <see cref="RocketMqStatusCode.Unspecified"/>: no status was received.
/// </summary>
public sealed class BrokerUnavailableException : RocketMqException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The broker endpoint (<c>host:port</c>) that failed.</param>
    /// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
    /// <param name="reason">Why, in a few words.</param>
    /// <param name="innerException">The transport failure.</param>
    public BrokerUnavailableException(string endpoint, string operation, string reason, Exception? innerException = null)
        : base(RocketMqStatusCode.Unspecified, reason, $"{operation} to {endpoint} failed: broker unavailable ({reason})", innerException)
    {
        Endpoint = endpoint;
    }

    /// <summary>The broker endpoint (<c>host:port</c>) that failed.</summary>
    public string Endpoint { get; }
}
