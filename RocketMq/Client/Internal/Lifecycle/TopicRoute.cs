using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Lifecycle;

/// <summary>A queue of a route, with the broker endpoint its calls go to.</summary>
internal sealed record RouteQueue(MessageQueue Queue, Endpoint Endpoint)
{
    public int Id => Queue.Id;

    public bool Accepts(MessageType type) => Queue.AcceptMessageTypes.Contains(type);
}

/// <summary>
/// A topic's queues as QueryRoute answered, reduced to what the official clients use: queues of
/// the master broker (id 0), writable ones for producers and readable ones for consumers, taken
/// round robin from a random start.
/// </summary>
internal sealed class TopicRoute
{
    private int _next = Random.Shared.Next(1 << 16);

    public TopicRoute(string topic, IEnumerable<MessageQueue> queues)
    {
        Topic = topic;
        var masters = queues
            .Where(q => q.Broker is { Id: 0, Endpoints.Addresses.Count: > 0 })
            .Select(q => new RouteQueue(q, Endpoint.FromProto(q.Broker.Endpoints)))
            .ToArray();
        Writable = [.. masters.Where(q => q.Queue.Permission is Permission.Write or Permission.ReadWrite)];
        Readable = [.. masters.Where(q => q.Queue.Permission is Permission.Read or Permission.ReadWrite)];
        Endpoints = [.. masters.Select(q => q.Endpoint).Distinct()];
    }

    public string Topic { get; }

    public IReadOnlyList<RouteQueue> Writable { get; }

    public IReadOnlyList<RouteQueue> Readable { get; }

    /// <summary>The distinct broker endpoints of the route.</summary>
    public IReadOnlyList<Endpoint> Endpoints { get; }

    /// <summary>The next queue of <paramref name="queues"/>, preferring one not at <paramref name="avoid"/> (a broker that just failed).</summary>
    public RouteQueue? Next(IReadOnlyList<RouteQueue> queues, Endpoint? avoid = null)
    {
        if (queues.Count == 0)
        {
            return null;
        }

        for (var tried = 0; tried < queues.Count; tried++)
        {
            var queue = queues[(int)((uint)Interlocked.Increment(ref _next) % (uint)queues.Count)];
            if (queue.Endpoint != avoid)
            {
                return queue;
            }
        }

        return queues[(int)((uint)Interlocked.Increment(ref _next) % (uint)queues.Count)];
    }
}
