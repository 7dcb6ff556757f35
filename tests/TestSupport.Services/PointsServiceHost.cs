using Microsoft.Extensions.DependencyInjection;
using PointsDemo.PointsService;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// PointsService in-process on its own database, consuming from the broker at <paramref name="brokerEndpoint"/>
/// (or as <paramref name="settings"/> say) with test-sized timings: short polls, a one-second
/// invisible duration, retries within a second.
/// </summary>
internal sealed class PointsServiceHost(
    string connectionString, string? brokerEndpoint, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null, string? environment = null)
    : ServiceHost<PointsServiceMarker>(
        connectionString,
        brokerEndpoint,
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:pointsdb"] = connectionString,
            ["PointsConsumer:AwaitDuration"] = "00:00:00.500",
            ["PointsConsumer:InvisibleDuration"] = "00:00:01",
            ["PointsConsumer:RetryBaseDelay"] = "00:00:00.100",
            ["PointsConsumer:RetryMaxDelay"] = "00:00:00.400",
        },
        settings,
        services,
        environment);
