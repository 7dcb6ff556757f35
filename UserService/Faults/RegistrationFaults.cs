using PointsDemo.Faults;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Faults;

/// <summary>
/// UserService's faults, armed from the dashboard (Development only) and fired by the registration's
/// crash seams: each makes the next registration fail at one step, the way a real failure would,
/// so that people can watch the broker's check-back or rollback repair it.
/// </summary>
internal sealed class RegistrationFaults(IProcessExit exit, TimeProvider time, ILogger<RegistrationFaults> logger)
    : ArmedFaults(All, time, logger), IRegistrationCrashPoints
{
    public static readonly Fault LoseNextCommit = new(
        "lose-next-commit",
        "The next registration stores the user and answers 201, but the COMMIT of its message never reaches the broker. "
        + "The broker's check-back finds the registration's barrier row and commits the message; the points arrive after the check-back delay.",
        "the user is stored; the COMMIT is not sent, as if the process had died here. The broker's check-back will find the barrier row and commit the message");

    public static readonly Fault FailNextLocalTransaction = new(
        "fail-next-local-transaction",
        "The next registration sends its half message, then its local transaction fails: the caller gets 503, nothing is stored, "
        + "the message is rolled back and no points are ever granted.",
        "the local transaction fails before it stores anything; the half message will be rolled back");

    public static readonly Fault DieAfterNextLocalCommit = new(
        "die-after-next-local-commit",
        "The process exits as a crash would, right after the next registration commits locally and before it commits its message. "
        + "Start it again (or let a replica answer): the broker's check-back finds the barrier row and commits the message.",
        "the user is stored and the process exits now, before the COMMIT. The check-back, answered by a replica or the restarted process, will commit the message");

    private static IReadOnlyList<Fault> All { get; } = [LoseNextCommit, FailNextLocalTransaction, DieAfterNextLocalCommit];

    public ValueTask ReachedAsync(RegistrationStep step, UserRegisteredMessage registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var (id, registeredAt) = (registration.RegistrationId, registration.RegisteredAt);
        switch (step)
        {
            case RegistrationStep.AfterHalfMessage when TryFire(FailNextLocalTransaction, id, registeredAt):
                throw new SimulatedDatabaseFailure(FailNextLocalTransaction, id);
            case RegistrationStep.AfterLocalCommit when TryFire(DieAfterNextLocalCommit, id, registeredAt):
                exit.Exit($"Fault {DieAfterNextLocalCommit.Name}: registration {id} is stored and its message is not committed; the process exits here.");
                break;
            case RegistrationStep.AfterLocalCommit when TryFire(LoseNextCommit, id, registeredAt):
                throw new SimulatedLostCommit(LoseNextCommit, id);
        }

        return ValueTask.CompletedTask;
    }
}
