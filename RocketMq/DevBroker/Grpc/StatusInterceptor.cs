using Apache.Rocketmq.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Status = Apache.Rocketmq.V2.Status;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

/// <summary>
/// The proxy's common handling of every served RPC (semantics §0.1): when the broker has an access
/// key, a request without a valid signature is answered UNAUTHORIZED (40100) before anything else,
/// as the proxy's authentication runs before its own checks; a blank
/// <c>x-mq-client-id</c> is answered CLIENT_ID_REQUIRED (40017); business errors travel in the
/// response's <c>status</c> with gRPC status OK: a <see cref="StatusException"/> becomes that
/// status, anything unexpected INTERNAL_SERVER_ERROR. On ReceiveMessage the status frame is
/// followed by a <c>delivery_timestamp</c> frame; on Telemetry the status is a command of its own.
/// RPCs the proxy does not serve keep gRPC UNIMPLEMENTED.
/// </summary>
internal sealed class StatusInterceptor(BrokerState broker, ILogger<StatusInterceptor> logger) : Interceptor
{
    private static readonly HashSet<string> NotServed = new(StringComparer.Ordinal)
    {
        "PullMessage", "UpdateOffset", "GetOffset", "QueryOffset", "SyncLiteSubscription", "RecallMessage",
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsServed(context))
        {
            return await continuation(request, context);
        }

        if (Refusal(context) is { } refusal)
        {
            return WithStatus<TResponse>(refusal);
        }

        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (ToStatus(exception, context) is { } status)
        {
            return WithStatus<TResponse>(status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsServed(context))
        {
            await continuation(request, responseStream, context);
            return;
        }

        var failure = Refusal(context);
        if (failure is null)
        {
            try
            {
                await continuation(request, responseStream, context);
                return;
            }
            catch (Exception exception) when (ToStatus(exception, context) is { } status)
            {
                failure = status;
            }
        }

        await responseStream.WriteAsync(WithStatus<TResponse>(failure), context.CancellationToken);
        if (typeof(TResponse) == typeof(ReceiveMessageResponse))
        {
            var timestamp = new ReceiveMessageResponse { DeliveryTimestamp = Timestamp.FromDateTimeOffset(broker.Time.GetUtcNow()) };
            await responseStream.WriteAsync((TResponse)(object)timestamp, context.CancellationToken);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (IsServed(context) && Refusal(context) is { } refusal)
        {
            // The proxy checks the headers as each command arrives: it answers the first with a
            // command carrying only the status, then ends the stream.
            if (await requestStream.MoveNext(context.CancellationToken))
            {
                await responseStream.WriteAsync(WithStatus<TResponse>(refusal), context.CancellationToken);
            }

            return;
        }

        await continuation(requestStream, responseStream, context);
    }

    /// <summary>What the headers alone refuse: a missing or wrong signature first, then a missing client id.</summary>
    private Status? Refusal(ServerCallContext context)
    {
        if (broker.Authentication?.Refusal(context.RequestHeaders) is { } unauthorized)
        {
            BrokerLog.Unauthorized(logger, context.Method, unauthorized.Message);
            return unauthorized;
        }

        return RequestMetadata.ClientId(context) is null ? Statuses.ClientIdRequired() : null;
    }

    // Looked up by span: every call passes here, and the method's name needs no string of its own.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotServedByName = NotServed.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsServed(ServerCallContext context) => !NotServedByName.Contains(context.Method.AsSpan(context.Method.LastIndexOf('/') + 1));

    /// <summary>The response every served RPC has: a message whose field <c>status</c> carries the result.</summary>
    private static TResponse WithStatus<TResponse>(Status status)
    {
        var response = Activator.CreateInstance<TResponse>();
        var message = (IMessage)response!;
        message.Descriptor.FindFieldByName("status").Accessor.SetValue(message, status);
        return response;
    }

    /// <summary>The status for a failure; null for those that must stay gRPC errors (cancellation, deliberate RpcExceptions).</summary>
    private Status? ToStatus(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case StatusException refused:
                return refused.ToStatus();
            case RpcException:
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return null;
            default:
                BrokerLog.Unexpected(logger, context.Method, exception);
                return Statuses.Of(Code.InternalServerError, exception.Message);
        }
    }
}
