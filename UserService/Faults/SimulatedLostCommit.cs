using PointsDemo.Faults;
using PointsDemo.RocketMq;

namespace PointsDemo.UserService.Faults;

/// <summary>
/// A COMMIT that never reached the broker, as the client reports one: the registration handles it as
/// any failed EndTransaction after its local commit, leaving the message to the check-back.
/// </summary>
internal sealed class SimulatedLostCommit(Fault fault, Guid registrationId)
    : RocketMqException(RocketMqStatusCode.Unspecified, "not sent", $"EndTransaction COMMIT of registration {registrationId} was not sent (fault {fault.Name}).", innerException: null);
