namespace PointsDemo.RocketMq;

/// <summary>
/// A RocketMQ request failed. Carries the status <see cref="Code"/> and the broker's message;
/// subclasses name the status-code family, as the official clients do.
/// </summary>
public class RocketMqException : Exception
{
    /// <summary>Creates an exception for a status the broker (or the client's own check) answered.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="statusMessage">The broker's message.</param>
    /// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
    public RocketMqException(RocketMqStatusCode code, string statusMessage, string operation)
        : this(code, statusMessage, $"{operation} failed: {code} ({(int)code}) {statusMessage}", innerException: null)
    {
    }

    /// <summary>Creates an exception with its own text, e.g. for a failure that carries no status.</summary>
    /// <param name="code">The status code, <see cref="RocketMqStatusCode.Unspecified"/> when none was received.</param>
    /// <param name="statusMessage">The broker's message, or a description of the failure.</param>
    /// <param name="message">The exception's message.</param>
    /// <param name="innerException">The underlying failure.</param>
    protected RocketMqException(RocketMqStatusCode code, string statusMessage, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
        StatusMessage = statusMessage;
    }

    /// <summary>The status code; <see cref="RocketMqStatusCode.Unspecified"/> when no status was received.</summary>
    public RocketMqStatusCode Code { get; }

    /// <summary>The broker's message, as it sent it.</summary>
    public string StatusMessage { get; }
}
