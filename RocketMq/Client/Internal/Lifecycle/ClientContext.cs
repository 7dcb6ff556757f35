using System.Net;
using Apache.Rocketmq.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Identity;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Lifecycle;

/// <summary>
/// What every call of one client instance shares: its id, options, clock, channels and headers.
/// </summary>
internal sealed class ClientContext : IDisposable
{
    private static readonly Lazy<string> LazyHostName = new(Dns.GetHostName);
    private readonly RequestHeaders _headers;

    public ClientContext(RocketMqOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Options = options;
        AccessPoint = AccessPoint.Parse(options.Endpoints);
        LoggerFactory = loggerFactory;
        Time = time;
        ClientId = ClientIds.Next(time);
        _headers = new RequestHeaders(ClientId, options);
        Channels = new ChannelPool(options, loggerFactory);
    }

    public static string HostName => LazyHostName.Value;

    public RocketMqOptions Options { get; }

    public AccessPoint AccessPoint { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    public string ClientId { get; }

    public ChannelPool Channels { get; }

    public Resource Resource(string name) => new() { ResourceNamespace = Options.Namespace ?? "", Name = name };

    /// <param name="timeout">The call's deadline from now; null for a stream that lives as long as the client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public CallOptions CallOptions(TimeSpan? timeout, CancellationToken cancellationToken) =>
        // gRPC measures deadlines against the wall clock, whatever clock the client runs on.
        new(_headers.Create(Time.GetUtcNow(), RequestIds.Next()), timeout is { } t ? DateTime.UtcNow + t : null, cancellationToken);

    /// <summary>
    /// A unary call with the request timeout (or <paramref name="timeout"/>); transport failures
    /// become <see cref="BrokerUnavailableException"/>, an authentication refusal an
    /// <see cref="UnauthorizedException"/> naming the access key. Other statuses are the caller's to read.
    /// </summary>
    public async Task<TResponse> UnaryAsync<TResponse>(
        Endpoint endpoint,
        string operation,
        Func<MessagingService.MessagingServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        CancellationToken cancellationToken,
        TimeSpan? timeout = null)
        where TResponse : class, IMessage, IUnaryResponse
    {
        TResponse response;
        try
        {
            using var pending = call(Channels.Get(endpoint), CallOptions(timeout ?? Options.RequestTimeout, cancellationToken));
            response = await pending.ResponseAsync;
        }
        catch (RpcException exception)
        {
            throw RpcErrors.Map(exception, endpoint, operation, Options.AccessKey);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.NotAnswered(endpoint, operation, exception);
        }

        StatusErrors.ThrowIfUnauthorized(response.Status, operation, Options.AccessKey);
        return response;
    }

    /// <summary>The settings fields every client type sends (protocol "What a producer sends").</summary>
    public Settings BaseSettings(ClientType clientType) => new()
    {
        ClientType = clientType,
        AccessPoint = AccessPoint.Proto,
        RequestTimeout = Duration.FromTimeSpan(Options.RequestTimeout),
        UserAgent = new UA
        {
            Language = Language.DotNet,
            Version = RequestHeaders.Version,
            Platform = Environment.OSVersion.ToString(),
            Hostname = HostName,
        },
    };

    public void Dispose() => Channels.Dispose();
}
