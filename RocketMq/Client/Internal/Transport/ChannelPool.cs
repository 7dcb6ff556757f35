using System.Collections.Concurrent;
using Apache.Rocketmq.V2;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>
/// One gRPC channel per endpoint, created on first use and kept for the client's life: calls to a
/// broker share its HTTP/2 connection(s) instead of dialling anew.
/// </summary>
internal sealed class ChannelPool(RocketMqOptions options, ILoggerFactory loggerFactory) : IDisposable
{
    // A received message carries a body of up to 4 MiB plus its properties; gRPC's default 4 MB
    // limit would refuse the largest ones.
    private const int MaxReceiveMessageSize = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<Endpoint, Lazy<(GrpcChannel Channel, MessagingService.MessagingServiceClient Client)>> _channels = new();

    public MessagingService.MessagingServiceClient Get(Endpoint endpoint) =>
        _channels.GetOrAdd(endpoint, e => new(() => Create(e))).Value.Client;

    public void Dispose()
    {
        foreach (var entry in _channels.Values.Where(c => c.IsValueCreated))
        {
            entry.Value.Channel.Dispose();
        }

        _channels.Clear();
    }

    private (GrpcChannel, MessagingService.MessagingServiceClient) Create(Endpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            // Past the server's concurrent-stream limit, open another connection rather than queue.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = options.RequestTimeout,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            // A gRPC service does not redirect; one less stage for every call to pass through.
            AllowAutoRedirect = false,
        };
        if (options.EnableTls && options.AcceptAnyServerCertificate)
        {
            // Opt-in only (AcceptAnyServerCertificate), for the proxy's self-signed test certificate.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        var channel = GrpcChannel.ForAddress(endpoint.ToUri(options.EnableTls), new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageSize,
            ThrowOperationCanceledOnCancellation = true,
            LoggerFactory = loggerFactory,
        });
        return (channel, new MessagingService.MessagingServiceClient(channel));
    }
}
