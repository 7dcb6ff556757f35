using System.Collections.Concurrent;
using System.Net;
using Apache.Rocketmq.V2;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// What crossed the broker's gRPC port, seen from the broker's side: who called, the endpoints its
/// routes and assignments named, the messages sent, the check-backs it asked for and the
/// end-transactions it got.
/// </summary>
internal sealed class BrokerCalls : Interceptor
{
    private readonly ConcurrentDictionary<(string Method, IPEndPoint Peer), byte> _calls = new();

    /// <summary>The remote end of every connection a call came in on.</summary>
    public IReadOnlyCollection<IPEndPoint> Peers => [.. _calls.Keys.Select(call => call.Peer).Distinct()];

    /// <summary>The remote ends of the connections that calls of one method (<c>SendMessage</c>, <c>Telemetry</c>...) came in on.</summary>
    public IReadOnlyCollection<IPEndPoint> PeersOf(string method) => [.. _calls.Keys.Where(call => call.Method == method).Select(call => call.Peer).Distinct()];

    /// <summary>The <c>host:port</c> of every broker that a route or assignment answer named.</summary>
    public ConcurrentQueue<string> AdvertisedEndpoints { get; } = new();

    /// <summary>The id of every message sent, in order.</summary>
    public ConcurrentQueue<string> Sent { get; } = new();

    /// <summary>The message id of every check-back the broker wrote, and the connection it went out on.</summary>
    public ConcurrentQueue<(string MessageId, IPEndPoint Peer)> CheckBacks { get; } = new();

    public ConcurrentQueue<EndTransactionRequest> EndTransactions { get; } = new();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Called(context);
        switch (request)
        {
            case SendMessageRequest send:
                foreach (var message in send.Messages)
                {
                    Sent.Enqueue(message.SystemProperties.MessageId);
                }

                break;
            case EndTransactionRequest end:
                EndTransactions.Enqueue(end.Clone());
                break;
        }

        var response = await continuation(request, context);
        var brokers = response switch
        {
            QueryRouteResponse route => route.MessageQueues.Select(q => q.Broker),
            QueryAssignmentResponse assignment => assignment.Assignments.Select(a => a.MessageQueue.Broker),
            _ => [],
        };
        foreach (var address in brokers.SelectMany(b => b.Endpoints.Addresses))
        {
            AdvertisedEndpoints.Enqueue($"{address.Host}:{address.Port}");
        }

        return response;
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Called(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var peer = Called(context);
        return continuation(requestStream, new Recorded<TResponse>(responseStream, this, peer), context);
    }

    private IPEndPoint Called(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        var peer = new IPEndPoint(connection.RemoteIpAddress!, connection.RemotePort);
        _calls.TryAdd((context.Method[(context.Method.LastIndexOf('/') + 1)..], peer), 0);
        return peer;
    }

    /// <summary>A telemetry stream's writer that notes the check-backs written on it.</summary>
    private sealed class Recorded<T>(IServerStreamWriter<T> inner, BrokerCalls calls, IPEndPoint peer) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        // The broker writes with a token; the interface's default for this overload refuses one.
        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            if (message is TelemetryCommand { RecoverOrphanedTransactionCommand: { } checkBack })
            {
                calls.CheckBacks.Enqueue((checkBack.Message.SystemProperties.MessageId, peer));
            }

            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
