using PointsDemo.Faults;

namespace PointsDemo.PointsService.Faults;

/// <summary>
/// Ends the processing of a message whose grant has committed, before its ack, as a crash there
/// would: the consumer leaves it unacked, and the broker delivers it again after its invisible duration.
/// </summary>
internal sealed class SimulatedCrashBeforeAck(Fault fault, Guid registrationId)
    : Exception($"Simulated crash before the ack of registration {registrationId}, whose points are committed (fault {fault.Name}).")
{
    /// <summary>The fault that was armed, which the consumer names in its log line.</summary>
    public Fault Fault { get; } = fault;
}
