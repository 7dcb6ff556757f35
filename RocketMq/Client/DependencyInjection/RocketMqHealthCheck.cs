using Microsoft.Extensions.Diagnostics.HealthChecks;
using PointsDemo.RocketMq.Internal.Lifecycle;

namespace PointsDemo.RocketMq;

/// <summary>
/// Healthy when the broker, and every endpoint its routes name, answer the route query of every topic the RocketMQ clients
/// of one connection use. A fresh query, not the cached route: a broker that went away must show at once.
/// </summary>
internal sealed class RocketMqHealthCheck(IEnumerable<IBrokerProbe> clients) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.WhenAll(clients.Select(client => client.ProbeAsync(cancellationToken)));
            return HealthCheckResult.Healthy();
        }
        catch (RocketMqException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The RocketMQ broker did not answer: {exception.Message}", exception);
        }
    }
}
