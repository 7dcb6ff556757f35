using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.DevBroker.Clients;

/// <summary>What the broker knows of one client id: its last settings, its Telemetry stream, when it was last heard of.</summary>
internal sealed class ClientSession(string clientId, Settings settings, DateTimeOffset connectedAt)
{
    private readonly Lock _lock = new();
    private Settings _settings = settings;
    private TelemetryChannel? _channel;
    private DateTimeOffset _lastHeartbeatAt = connectedAt;

    public string ClientId { get; } = clientId;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    public Settings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public TelemetryChannel? Channel
    {
        get
        {
            lock (_lock)
            {
                return _channel;
            }
        }
    }

    public DateTimeOffset LastHeartbeatAt
    {
        get
        {
            lock (_lock)
            {
                return _lastHeartbeatAt;
            }
        }
    }

    public ClientType ClientType => Settings.ClientType;

    public string? Group => Settings.PubSubCase == Settings.PubSubOneofCase.Subscription ? Settings.Subscription.Group?.Name : null;

    /// <summary>The topics a producer declared, or a consumer subscribed to.</summary>
    public IReadOnlyList<string> Topics => Settings.PubSubCase switch
    {
        Settings.PubSubOneofCase.Publishing => [.. Settings.Publishing.Topics.Select(t => t.Name)],
        Settings.PubSubOneofCase.Subscription => [.. Settings.Subscription.Subscriptions.Select(s => s.Topic?.Name ?? "")],
        _ => [],
    };

    public bool Publishes(string topic) =>
        Settings is { PubSubCase: Settings.PubSubOneofCase.Publishing } s && s.Publishing.Topics.Any(t => t.Name == topic);

    public void Update(Settings settings, TelemetryChannel channel, DateTimeOffset now)
    {
        lock (_lock)
        {
            _settings = settings;
            _channel = channel;
            _lastHeartbeatAt = now;
        }
    }

    public void Touch(DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastHeartbeatAt = now;
        }
    }

    /// <summary>Forgets the channel if it is still this one (a newer stream may have replaced it).</summary>
    public void Detach(TelemetryChannel channel)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_channel, channel))
            {
                _channel = null;
            }
        }
    }
}
