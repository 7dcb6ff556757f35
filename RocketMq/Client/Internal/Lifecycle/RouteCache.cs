using System.Collections.Concurrent;
using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Lifecycle;

/// <summary>
/// Topic routes, queried at the access point on first use and refreshed by the client's route
/// loop. Concurrent first uses of a topic share one QueryRoute.
/// </summary>
internal sealed class RouteCache(ClientContext context, CancellationToken lifetime)
{
    private readonly ConcurrentDictionary<string, TopicRoute> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<TopicRoute>>> _fetches = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Topics => [.. _routes.Keys];

    public IEnumerable<Endpoint> Endpoints => _routes.Values.SelectMany(r => r.Endpoints).Distinct();

    public bool TryGet(string topic, out TopicRoute route) => _routes.TryGetValue(topic, out route!);

    /// <summary>Queries the route now (joining a query already under way for the topic).</summary>
    public async Task<TopicRoute> FetchAsync(string topic, CancellationToken cancellationToken)
    {
        var fetch = _fetches.GetOrAdd(topic, t => new Lazy<Task<TopicRoute>>(() => QueryAsync(t)));
        try
        {
            return await fetch.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _fetches.TryRemove(new KeyValuePair<string, Lazy<Task<TopicRoute>>>(topic, fetch));
        }
    }

    /// <summary>
    /// Queries the route at the access point, then asks each endpoint the route names for it too:
    /// the client sends, receives and ends transactions there, and an access point that answers
    /// while the route names an address nobody serves (a container's own IP behind a published
    /// port) must not pass for healthy. A failure names the route's endpoint.
    /// </summary>
    public async Task ProbeAsync(string topic, CancellationToken cancellationToken)
    {
        var route = await FetchAsync(topic, cancellationToken);
        var request = new QueryRouteRequest { Topic = context.Resource(topic), Endpoints = context.AccessPoint.Proto };
        await Task.WhenAll(route.Endpoints.Select(async endpoint =>
        {
            var response = await context.UnaryAsync(endpoint, "QueryRoute at the route's endpoint", (client, options) => client.QueryRouteAsync(request, options), cancellationToken);
            StatusErrors.ThrowIfFailed(response.Status, "QueryRoute at the route's endpoint");
        }));
    }

    private async Task<TopicRoute> QueryAsync(string topic)
    {
        var request = new QueryRouteRequest { Topic = context.Resource(topic), Endpoints = context.AccessPoint.Proto };
        var endpoints = context.AccessPoint.Endpoints;
        for (var i = 0; ; i++)
        {
            try
            {
                var response = await context.UnaryAsync(endpoints[i], "QueryRoute", (client, options) => client.QueryRouteAsync(request, options), lifetime);
                StatusErrors.ThrowIfFailed(response.Status, "QueryRoute");
                var route = new TopicRoute(topic, response.MessageQueues);
                _routes[topic] = route;
                return route;
            }
            catch (BrokerUnavailableException) when (i + 1 < endpoints.Count)
            {
                // Try the access point's next address.
            }
        }
    }
}
