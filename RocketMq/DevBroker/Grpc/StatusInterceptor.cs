using Apache.Rocketmq.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Status = Apache.Rocketmq.V2.Status;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

/// <summary>
/// The proxy's common handling of every served RPC (semantics §0.1): a blank
/// <c>x-mq-client-id</c> is answered CLIENT_ID_REQUIRED (40017), and business errors travel in the
/// response's <c>status</c> with gRPC status OK: a <see cref="StatusException"/> becomes that
/// status, anything unexpected INTERNAL_SERVER_ERROR. On ReceiveMessage the status frame is
/// followed by a <c>delivery_timestamp</c> frame; on Telemetry the status is a command of its own.
/// RPCs the proxy does not serve keep gRPC UNIMPLEMENTED.
/// </summary>
internal sealed class StatusInterceptor(TimeProvider time, ILogger<StatusInterceptor> logger) : Interceptor
{
    private static readonly HashSet<string> s_notServed = new(StringComparer.Ordinal)
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

        if (RequestMetadata.ClientId(context) is null)
        {
            return WithStatus<TResponse>(Statuses.ClientIdRequired());
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

        Status? failure = null;
        if (RequestMetadata.ClientId(context) is null)
        {
            failure = Statuses.ClientIdRequired();
        }
        else
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
            var timestamp = new ReceiveMessageResponse { DeliveryTimestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow()) };
            await responseStream.WriteAsync((TResponse)(object)timestamp, context.CancellationToken);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (IsServed(context) && RequestMetadata.ClientId(context) is null)
        {
            // A command carrying only the status, then the stream ends (the proxy's header check on Telemetry).
            await responseStream.WriteAsync(WithStatus<TResponse>(Statuses.ClientIdRequired()), context.CancellationToken);
            return;
        }

        await continuation(requestStream, responseStream, context);
    }

    private static bool IsServed(ServerCallContext context) => !s_notServed.Contains(context.Method[(context.Method.LastIndexOf('/') + 1)..]);

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
