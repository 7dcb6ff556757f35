using System.Collections.Concurrent;
using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Timing;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Lifecycle;

/// <summary>
/// The lifecycle a RocketMQ proxy expects of a client (protocol "What a producer sends"): routes
/// fetched before first use and refreshed, one Telemetry stream per broker endpoint in use,
/// heartbeats, periodic settings re-sync, and NotifyClientTermination before the streams close.
/// If the broker is down at start the client says so once and keeps trying in the background;
/// operations meanwhile fail with <see cref="BrokerUnavailableException"/>.
/// </summary>
internal sealed class ClientRuntime : IAsyncDisposable
{
    private readonly IClientRole _role;
    private readonly ClientIntervals _intervals;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<Endpoint, TelemetrySession> _sessions = new();
    private readonly Lock _startLock = new();
    private Task? _start;
    private Task[] _loops = [];
    private int _routeFailures;
    private int _disposed;

    public ClientRuntime(ClientContext context, IClientRole role, ClientIntervals intervals, ILogger logger)
    {
        Context = context;
        _role = role;
        _intervals = intervals;
        _logger = logger;
        Routes = new RouteCache(context, _lifetime.Token);
    }

    public ClientContext Context { get; }

    public RouteCache Routes { get; }

    /// <summary>Cancelled when the client shuts down.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    public IEnumerable<TelemetrySession> Sessions => _sessions.Values;

    /// <summary>
    /// Starts the client once: background upkeep, then a first connection (routes of the role's
    /// topics, Telemetry handshakes). Never fails because the broker is down.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        lock (_startLock)
        {
            _start ??= StartOnceAsync();
        }

        return _start.WaitAsync(cancellationToken);
    }

    /// <summary>The topic's route, fetched (with the Telemetry handshake to new brokers) on first use.</summary>
    public async Task<TopicRoute> GetRouteAsync(string topic, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (Routes.TryGet(topic, out var route))
        {
            return route;
        }

        route = await Routes.FetchAsync(topic, cancellationToken);
        await OpenSessionsAsync(route, cancellationToken);
        return route;
    }

    /// <summary>
    /// Asks the broker for the route of every topic the client uses, bypassing the cache: a round
    /// trip that fails with a <see cref="RocketMqException"/> when the broker cannot serve them.
    /// </summary>
    public Task ProbeAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        return Task.WhenAll(_role.Topics.Select(topic => Routes.ProbeAsync(topic, cancellationToken)));
    }

    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed != 0, this);

    /// <summary>Sends the current settings on every open stream now.</summary>
    public Task SyncSettingsAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_sessions.Values.Select(s => s.SyncSettingsAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync();
        if (_start is not null)
        {
            await _start;
        }

        await Task.WhenAll(_loops);
        await _role.DrainAsync();
        // Each broker is told goodbye and its stream closed at the same time as the others'.
        await Task.WhenAll(_sessions.Values.Select(async session =>
        {
            await NotifyTerminationAsync(session);
            await session.DisposeAsync();
        }));

        Context.Dispose();
        _lifetime.Dispose();
    }

    private async Task StartOnceAsync()
    {
        var token = _lifetime.Token;
        var firstRouteRefresh = _intervals.FirstRouteRefresh;
        try
        {
            await Task.WhenAll(_role.Topics.Select(topic => GetRouteAsync(topic, token)));
            ClientLog.Started(_logger, _role.ClientType, Context.ClientId, Context.AccessPoint);
        }
        catch (RocketMqException exception)
        {
            ClientLog.StartDeferred(_logger, _role.ClientType, Context.AccessPoint, exception.Message);
            firstRouteRefresh = _intervals.Reconnect.DelayAfter(++_routeFailures);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return; // Disposed while starting.
        }

        _loops =
        [
            PeriodicWork.RunAsync(_intervals.FirstHeartbeat, HeartbeatAsync, Context.Time, token),
            PeriodicWork.RunAsync(firstRouteRefresh, RefreshRoutesAsync, Context.Time, token),
            PeriodicWork.RunAsync(_intervals.SettingsSync, SyncSettingsPeriodicallyAsync, Context.Time, token),
        ];
    }

    private async Task OpenSessionsAsync(TopicRoute route, CancellationToken cancellationToken)
    {
        foreach (var endpoint in route.Endpoints)
        {
            var session = _sessions.GetOrAdd(endpoint, e => new TelemetrySession(e, Context, _role, _intervals, _logger, _lifetime.Token));
            await session.StartAsync(cancellationToken);
        }
    }

    private async Task<TimeSpan> HeartbeatAsync(CancellationToken cancellationToken)
    {
        var request = new HeartbeatRequest { ClientType = _role.ClientType, Group = _role.Group };
        await Task.WhenAll(_sessions.Keys.Select(async endpoint =>
        {
            try
            {
                var response = await Context.UnaryAsync(endpoint, "Heartbeat", (client, options) => client.HeartbeatAsync(request, options), cancellationToken);
                StatusErrors.ThrowIfFailed(response.Status, "Heartbeat");
            }
            catch (RocketMqException exception)
            {
                ClientLog.HeartbeatFailed(_logger, endpoint, exception.Message);
            }
        }));
        return _intervals.Heartbeat;
    }

    /// <summary>
    /// Refreshes every route; while some topic has none yet (the broker was down, or the topic not
    /// created yet) it retries sooner, with backoff, instead of waiting the full refresh period.
    /// </summary>
    private async Task<TimeSpan> RefreshRoutesAsync(CancellationToken cancellationToken)
    {
        var topics = _role.Topics.Union(Routes.Topics).ToArray();
        var failed = 0;
        foreach (var topic in topics)
        {
            try
            {
                var route = await Routes.FetchAsync(topic, cancellationToken);
                await OpenSessionsAsync(route, cancellationToken);
            }
            catch (RocketMqException exception)
            {
                failed += Routes.TryGet(topic, out _) ? 0 : 1;
                ClientLog.RouteRefreshFailed(_logger, topic, exception.Message);
            }
        }

        if (failed == 0)
        {
            if (_routeFailures > 0)
            {
                ClientLog.Started(_logger, _role.ClientType, Context.ClientId, Context.AccessPoint);
            }

            _routeFailures = 0;
            return _intervals.RouteRefresh;
        }

        return _intervals.Reconnect.DelayAfter(++_routeFailures);
    }

    private async Task<TimeSpan> SyncSettingsPeriodicallyAsync(CancellationToken cancellationToken)
    {
        await SyncSettingsAsync(cancellationToken);
        return _intervals.SettingsSync;
    }

    private async Task NotifyTerminationAsync(TelemetrySession session)
    {
        try
        {
            var request = new NotifyClientTerminationRequest { Group = _role.Group };
            var response = await Context.UnaryAsync(
                session.Endpoint, "NotifyClientTermination", (client, options) => client.NotifyClientTerminationAsync(request, options), CancellationToken.None, _intervals.Farewell);
            StatusErrors.ThrowIfFailed(response.Status, "NotifyClientTermination");
        }
        catch (RocketMqException exception)
        {
            ClientLog.TerminationNotSent(_logger, session.Endpoint, exception.Message);
        }
    }
}
