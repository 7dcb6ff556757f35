using System.Collections.Concurrent;
using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.DevBroker.Clients;

/// <summary>
/// The clients the broker knows, by <c>x-mq-client-id</c>: registered by their Telemetry settings,
/// kept by heartbeats, removed by NotifyClientTermination. Check-backs go to one active producer
/// that declared the topic, the start rotating as the broker's <c>getAvailableChannel</c> does.
/// </summary>
internal sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<string, ClientSession> _sessions = new(StringComparer.Ordinal);
    private int _rotation;

    public IEnumerable<ClientSession> All => _sessions.Values.OrderBy(s => s.ConnectedAt);

    public ClientSession? Find(string clientId) => _sessions.GetValueOrDefault(clientId);

    /// <summary>Stores the client's settings and stream; true when the client id is new.</summary>
    public bool Register(string clientId, Settings settings, TelemetryChannel channel, DateTimeOffset now)
    {
        var isNew = false;
        var session = _sessions.GetOrAdd(clientId, id =>
        {
            isNew = true;
            return new ClientSession(id, settings, now);
        });
        session.Update(settings, channel, now);
        return isNew;
    }

    public bool Remove(string clientId) => _sessions.TryRemove(clientId, out _);

    public TelemetryChannel? PickProducer(string topic)
    {
        var channels = _sessions.Values
            .Where(s => s.Publishes(topic))
            .Select(s => s.Channel)
            .OfType<TelemetryChannel>()
            .Where(c => c.IsActive)
            .ToArray();
        return channels.Length == 0 ? null : channels[(int)((uint)Interlocked.Increment(ref _rotation) % (uint)channels.Length)];
    }
}
