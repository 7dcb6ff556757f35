using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PointsDemo.RocketMq.Internal.Lifecycle;

namespace PointsDemo.RocketMq;

/// <summary>
/// Asks a RocketMQ proxy for the routes of some topics, with the headers and signature every
/// client sends: a readiness check for a program that neither produces nor consumes, such as an
/// orchestrator waiting until the broker serves the topics its applications need.
/// </summary>
/// <example>
/// <code>
/// using var probe = new TopicRouteProbe(new RocketMqOptions { Endpoints = "127.0.0.1:8081" });
/// await probe.ProbeAsync(["user-registered"], cancellationToken); // throws when the broker cannot serve it
/// </code>
/// </example>
public sealed class TopicRouteProbe : IDisposable
{
    private readonly ClientContext _context;

    /// <summary>Creates a probe; it holds one gRPC channel per endpoint until disposed.</summary>
    /// <param name="options">Where the proxy is, and the credentials to sign with.</param>
    /// <param name="loggerFactory">Where transport diagnostics go; nowhere by default.</param>
    public TopicRouteProbe(RocketMqOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _context = new ClientContext(options, loggerFactory ?? NullLoggerFactory.Instance, TimeProvider.System);
    }

    /// <summary>
    /// Queries the route of each topic at the access point, then at each endpoint the route names
    /// (the address clients will use), concurrently.
    /// </summary>
    /// <param name="topics">The topics that must exist.</param>
    /// <param name="cancellationToken">Abandons the queries.</param>
    /// <exception cref="RocketMqException">
    /// The broker or a route's endpoint is unreachable (<see cref="BrokerUnavailableException.Endpoint"/> names it),
    /// refused the request, or has no such topic.
    /// </exception>
    public Task ProbeAsync(IEnumerable<string> topics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var routes = new RouteCache(_context, cancellationToken);
        return Task.WhenAll(topics.Select(topic => routes.ProbeAsync(topic, cancellationToken)));
    }

    /// <inheritdoc/>
    public void Dispose() => _context.Dispose();
}
