using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>
/// Turns a response status into the typed exception of its family, as the official C# client maps
/// them (protocol §4): the hundreds of the code name the family (400xx bad request, 404xx not
/// found, 429xx too many requests, 500xx internal error, ...).
/// </summary>
internal static class StatusErrors
{
    public static bool IsSuccess(Code code) => code is Code.Ok or Code.MultipleResults;

    public static void ThrowIfFailed(Status? status, string operation)
    {
        if (status is null)
        {
            throw new InternalErrorException(RocketMqStatusCode.InternalServerError, "the broker's response carried no status", operation);
        }

        if (!IsSuccess(status.Code))
        {
            throw Create(status.Code, status.Message, operation);
        }
    }

    /// <summary>
    /// Throws when the status is an authentication refusal (401xx), naming the access key the
    /// request was signed with. The proxy authenticates before anything else, so such a refusal is
    /// always the whole response's status, whatever the call.
    /// </summary>
    public static void ThrowIfUnauthorized(Status? status, string operation, string? accessKey)
    {
        if (status is { Code: >= Code.Unauthorized and < Code.PaymentRequired })
        {
            throw new UnauthorizedException(ToStatusCode(status.Code), status.Message, operation, accessKey);
        }
    }

    /// <summary>
    /// The protocol's code as the library's own: the same numbers, so a code a newer proxy adds
    /// keeps its value (and its family) without a name.
    /// </summary>
    public static RocketMqStatusCode ToStatusCode(Code code) => (RocketMqStatusCode)(int)code;

    public static RocketMqException Create(Code code, string statusMessage, string operation) => Create(ToStatusCode(code), statusMessage, operation);

    public static RocketMqException Create(RocketMqStatusCode code, string statusMessage, string operation) => (int)code switch
    {
        (int)RocketMqStatusCode.MessageBodyEmpty => new PayloadEmptyException(code, statusMessage, operation),
        >= 40000 and < 40100 => new BadRequestException(code, statusMessage, operation),
        >= 40100 and < 40200 => new UnauthorizedException(code, statusMessage, operation),
        >= 40200 and < 40300 => new PaymentRequiredException(code, statusMessage, operation),
        >= 40300 and < 40400 => new ForbiddenException(code, statusMessage, operation),
        >= 40400 and < 40500 => new NotFoundException(code, statusMessage, operation),
        >= 41300 and < 41400 => new PayloadTooLargeException(code, statusMessage, operation),
        >= 42900 and < 43000 => new TooManyRequestsException(code, statusMessage, operation),
        >= 43100 and < 43200 => new RequestHeaderFieldsTooLargeException(code, statusMessage, operation),
        >= 50000 and < 50100 => new InternalErrorException(code, statusMessage, operation),
        >= 50400 and < 50500 => new ProxyTimeoutException(code, statusMessage, operation),
        // 40800, 42800, 501xx, 505xx, 60000 and anything unknown: codes the broker does not use for
        // these flows, so the client does not expect them.
        _ => new UnsupportedException(code, statusMessage, operation),
    };

    /// <summary>
    /// Whether another attempt may succeed: transport failures, throttling and the broker's own
    /// failures; never the client's own errors (4xxxx), which would fail the same way again.
    /// </summary>
    public static bool IsTransient(RocketMqException exception) =>
        exception is BrokerUnavailableException or TooManyRequestsException or InternalErrorException or ProxyTimeoutException;
}
