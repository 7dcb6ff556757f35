namespace PointsDemo.RocketMq.DevBroker;

/// <summary>Read-only view of a running <see cref="DevBroker"/>.</summary>
public interface IBrokerInspector
{
    /// <summary>A consistent-enough picture of the broker now (each part is read under its own lock).</summary>
    BrokerSnapshot TakeSnapshot();
}
