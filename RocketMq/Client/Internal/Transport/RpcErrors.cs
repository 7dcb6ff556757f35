using Grpc.Core;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>
/// Maps gRPC-level failures. Business errors travel inside responses; a gRPC error means the
/// transport failed (or, on Telemetry only, the proxy refused the settings).
/// </summary>
internal static class RpcErrors
{
    public static RocketMqException Map(RpcException exception, Endpoint endpoint, string operation, string? accessKey)
    {
        var detail = string.IsNullOrEmpty(exception.Status.Detail) ? exception.StatusCode.ToString() : exception.Status.Detail;
        return exception.StatusCode switch
        {
            StatusCode.InvalidArgument => new BadRequestException(RocketMqStatusCode.BadRequest, detail, operation),
            StatusCode.Unauthenticated => new UnauthorizedException(RocketMqStatusCode.Unauthorized, detail, operation, accessKey),
            StatusCode.PermissionDenied => new ForbiddenException(RocketMqStatusCode.Forbidden, detail, operation),
            StatusCode.Unimplemented => new UnsupportedException(RocketMqStatusCode.NotImplemented, detail, operation),
            StatusCode.DeadlineExceeded => new BrokerUnavailableException(endpoint.ToString(), operation, "no answer before the deadline", exception),
            _ => new BrokerUnavailableException(endpoint.ToString(), operation, $"{exception.StatusCode}: {detail}", exception),
        };
    }

    /// <summary>
    /// A call that ended in a cancellation nobody asked for: a deadline that fired while HttpClient
    /// awaited the response, or a stream the broker's death cut off. Either way the broker did not answer.
    /// </summary>
    public static BrokerUnavailableException NotAnswered(Endpoint endpoint, string operation, OperationCanceledException exception) =>
        new(endpoint.ToString(), operation, "no answer before the deadline, or the call was cut off", exception);
}
