using System.Data.Common;

namespace PointsDemo.Faults;

/// <summary>
/// Thrown by a fault where the flow meets its database, so the flow handles it exactly as a failed
/// statement or a lost connection: that handling is what the fault is there to show.
/// </summary>
internal sealed class SimulatedDatabaseFailure(Fault fault, Guid registrationId)
    : DbException($"Simulated database failure for registration {registrationId} (fault {fault.Name}).");
