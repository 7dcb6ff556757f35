namespace PointsDemo.RocketMq;

// The broker failed to serve a request (status 5xxxx).

/// <summary>The broker failed internally (500xx), e.g. an unknown or expired transaction.</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class InternalErrorException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>The proxy timed out waiting for the broker or for persistence (504xx).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class ProxyTimeoutException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>The broker does not support the request, or answered a code this client does not expect (501xx, 505xx, others).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class UnsupportedException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);
