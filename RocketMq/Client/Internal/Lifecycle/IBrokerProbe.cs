namespace PointsDemo.RocketMq.Internal.Lifecycle;

/// <summary>A client that can check, with a round trip, that the broker serves its topics.</summary>
internal interface IBrokerProbe
{
    Task ProbeAsync(CancellationToken cancellationToken);
}
