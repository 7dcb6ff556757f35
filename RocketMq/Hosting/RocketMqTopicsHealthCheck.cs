using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PointsDemo.RocketMq;

namespace Aspire.Hosting;

/// <summary>
/// Healthy once the proxy answers the route query of every declared topic. A port that accepts
/// connections is not enough: the real broker opens its gRPC port before the topic-creating step
/// has run, and an application that sends before then fails.
/// </summary>
internal sealed class RocketMqTopicsHealthCheck(RocketMqResource resource) : IHealthCheck
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = resource.ProxyEndpoint;
        var options = new RocketMqOptions
        {
            Endpoints = $"{endpoint.Host}:{endpoint.Port}",
            RequestTimeout = RequestTimeout,
            AccessKey = resource.AccessKey is { } accessKey ? await accessKey.GetValueAsync(cancellationToken) : null,
            SecretKey = resource.SecretKey is { } secretKey ? await secretKey.GetValueAsync(cancellationToken) : null,
        };
        using var probe = new TopicRouteProbe(options);
        try
        {
            await probe.ProbeAsync(resource.Topics.Select(t => t.Name), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (RocketMqException error)
        {
            return HealthCheckResult.Unhealthy($"RocketMQ at {options.Endpoints} does not serve every topic yet: {error.Message}");
        }
    }
}
