using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PointsDemo.RocketMq.DevBroker.Diagnostics;
using PointsDemo.RocketMq.DevBroker.Grpc;
using PointsDemo.RocketMq.DevBroker.Inspection;

namespace PointsDemo.RocketMq.DevBroker;

/// <summary>
/// A RocketMQ 5 stand-in serving <c>apache.rocketmq.v2.MessagingService</c> on 127.0.0.1
/// (plaintext HTTP/2) with the real proxy's semantics and status codes: declared topics,
/// transactional half messages with check-backs, consumer groups with receipt handles, redelivery
/// and dead letters. Runs in-process (tests, the AppHost) or as the <c>RocketMq.DevBroker</c> program.
/// Holds everything in memory, and with <see cref="DevBrokerOptions.DataFolder"/> also journals it
/// to disk and rebuilds it at start; dispose it to stop.
/// </summary>
/// <example>
/// <code>
/// var options = new DevBrokerOptions { Port = 0 };
/// options.Topics.Add(new TopicDefinition("user-registered", TopicMessageType.Transaction));
/// await using var broker = await DevBroker.StartAsync(options);
/// // clients connect to broker.Endpoint
/// </code>
/// </example>
public sealed class DevBroker : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private readonly WebApplication _app;
    private readonly BrokerState _state;
    private int _disposed;

    private DevBroker(WebApplication app, BrokerState state)
    {
        _app = app;
        _state = state;
        Inspector = new BrokerInspector(state);
    }

    /// <summary>The gRPC port it listens on (the one picked, when the options said 0).</summary>
    public int Port => _state.Port;

    /// <summary>Where clients connect: <c>127.0.0.1:port</c>.</summary>
    public string Endpoint => _state.Endpoint;

    /// <summary>The inspection API's base address (<c>http://127.0.0.1:port/</c>); null when it is off.</summary>
    public Uri? InspectionEndpoint => _state.InspectionPort is { } port ? new Uri($"http://127.0.0.1:{port}/") : null;

    /// <summary>Read-only view of what the broker holds.</summary>
    public IBrokerInspector Inspector { get; }

    /// <summary>Everything the broker holds (for tests that look inside, e.g. at its meter).</summary>
    internal BrokerState State => _state;

    /// <summary>Starts a broker; it serves until disposed.</summary>
    /// <param name="options">Ports, topics, groups and timings; validated first.</param>
    /// <param name="loggerFactory">Where the broker logs (client connections, check-backs, dead letters); nowhere by default.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    /// <exception cref="IOException">A port is in use, or the data folder is another broker's.</exception>
    /// <exception cref="InvalidDataException">The data folder's journal is damaged beyond a torn last record.</exception>
    public static Task<DevBroker> StartAsync(DevBrokerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, loggerFactory, TimeProvider.System, cancellationToken);

    /// <summary>Starts a broker on the given clock (check passes, invisibility windows, delays).</summary>
    internal static async Task<DevBroker> StartAsync(DevBrokerOptions options, ILoggerFactory? loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var state = new BrokerState(options, time, loggerFactory);
        try
        {
            state.Recover();
        }
        catch
        {
            state.Dispose();
            throw;
        }

        ListenOptions? grpcListener = null;
        ListenOptions? inspectionListener = null;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DevBroker).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        // Per-request framework logs would drown the broker's own (and slow a 10,000-message run).
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2; // h2c with prior knowledge, as gRPC clients speak it without TLS
                grpcListener = listen;
            });
            if (options.InspectionPort is { } inspectionPort)
            {
                kestrel.Listen(IPAddress.Loopback, inspectionPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    inspectionListener = listen;
                });
            }
        });
        builder.Services.AddSingleton(state).AddSingleton(time);
        foreach (var interceptor in options.Interceptors)
        {
            builder.Services.AddSingleton(interceptor.GetType(), interceptor);
        }
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<StatusInterceptor>();
            foreach (var interceptor in options.Interceptors)
            {
                grpc.Interceptors.Add(interceptor.GetType());
            }
            grpc.MaxReceiveMessageSize = 130 * 1024 * 1024; // grpcMaxInboundMessageSize
            grpc.MaxSendMessageSize = null;
        });

        var app = builder.Build();
        var broker = new DevBroker(app, state);
        app.MapGrpcService<MessagingServiceImpl>();
        if (options.InspectionPort is not null)
        {
            app.MapInspection(state, broker.Inspector);
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // A port in use must not leave the journal's writer running and its folder locked.
            await app.DisposeAsync();
            state.Dispose();
            throw;
        }

        state.Port = grpcListener!.IPEndPoint!.Port;
        state.Endpoint = $"127.0.0.1:{state.Port}";
        state.InspectionPort = inspectionListener?.IPEndPoint?.Port;
        state.CheckBacks.Start();
        state.Cleanup.Start();
        BrokerLog.Started(
            loggerFactory.CreateLogger<DevBroker>(),
            state.Endpoint,
            broker.InspectionEndpoint?.ToString() ?? "off",
            string.Join(", ", options.Topics.Select(t => $"{t.Name}:{t.Type.ToString().ToUpperInvariant()}")));
        return broker;
    }

    /// <summary>
    /// Takes a half message back from <c>TRANS_CHECK_MAX_TIME_TOPIC</c>, where it went when its
    /// check-backs ran out: it is checked again from its first check on, as if just sent.
    /// </summary>
    /// <param name="messageId">The message id (its transaction id).</param>
    /// <param name="cancellationToken">Stops waiting for the change to be on disk.</param>
    /// <returns>False when no message with that id is in TRANS_CHECK_MAX_TIME_TOPIC.</returns>
    public Task<bool> ResumeTransactionChecksAsync(string messageId, CancellationToken cancellationToken = default) =>
        _state.ResumeChecksAsync(messageId, cancellationToken);

    /// <summary>Stops serving: ends open Telemetry streams and long polls, then the server. Without a data folder, held messages are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _state.StopAsync();
        await _state.CheckBacks.DisposeAsync();
        await _state.Cleanup.DisposeAsync();
        _state.Topics.Delays.Stop();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
