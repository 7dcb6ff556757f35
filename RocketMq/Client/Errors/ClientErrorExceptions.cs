namespace PointsDemo.RocketMq;

// The broker refused a request as the client's fault (status 4xxxx).

/// <summary>The request was malformed or invalid (400xx: illegal topic, tag or key, type mismatch, bad receipt handle, invisible time out of range, ...).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class BadRequestException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>
/// The broker refused the request's authentication (401xx): it was not signed, its access key is
/// unknown, or its signature did not match the key's secret. The message names the access key the
/// client signed with (never the secret), so the wrong credentials can be found.
/// </summary>
public sealed class UnauthorizedException : RocketMqException
{
    /// <summary>Creates the exception for a refusal whose credentials are not known here.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="statusMessage">The broker's message.</param>
    /// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
    public UnauthorizedException(RocketMqStatusCode code, string statusMessage, string operation)
        : base(code, statusMessage, operation)
    {
    }

    /// <summary>Creates the exception for a refusal of requests signed with <paramref name="accessKey"/>.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="statusMessage">The broker's message.</param>
    /// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
    /// <param name="accessKey">The access key the requests were signed with; null or empty when they were not signed.</param>
    public UnauthorizedException(RocketMqStatusCode code, string statusMessage, string operation, string? accessKey)
        : base(code, statusMessage, $"{operation} failed: authentication refused, {Credentials(accessKey)}: {code} ({(int)code}) {statusMessage}", innerException: null)
    {
        AccessKey = string.IsNullOrEmpty(accessKey) ? null : accessKey;
    }

    /// <summary>The access key the refused request was signed with; null when it was not signed (or not known).</summary>
    public string? AccessKey { get; }

    private static string Credentials(string? accessKey) =>
        string.IsNullOrEmpty(accessKey) ? "the request was not signed (no access key configured)" : $"access key '{accessKey}'";
}

/// <summary>The account needs payment (40200).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class PaymentRequiredException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>The client may not do this (40300), e.g. a topic without writable queues.</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class ForbiddenException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>Something named in the request does not exist (404xx: topic, consumer group, message).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class NotFoundException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>The message body is larger than the broker accepts (413xx).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class PayloadTooLargeException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>The message body is empty (41302).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class PayloadEmptyException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>The broker is throttling (429xx); a producer waits its backoff before retrying.</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class TooManyRequestsException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);

/// <summary>The message properties are too many or too large (431xx).</summary>
/// <param name="code">The status code.</param>
/// <param name="statusMessage">The broker's message.</param>
/// <param name="operation">What failed, e.g. <c>SendMessage</c>.</param>
public sealed class RequestHeaderFieldsTooLargeException(RocketMqStatusCode code, string statusMessage, string operation)
    : RocketMqException(code, statusMessage, operation);
