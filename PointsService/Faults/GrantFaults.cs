using System.Collections.Concurrent;
using PointsDemo.Faults;
using PointsDemo.PointsService.Grants;

namespace PointsDemo.PointsService.Faults;

/// <summary>
/// PointsService's faults, armed from the dashboard (Development only) and fired by the grant's
/// crash seams: each makes the next registration's message fail at one step, so that people can
/// watch the broker's redelivery, backoff and dead-letter queue deal with it.
/// </summary>
internal sealed class GrantFaults(TimeProvider time, ILogger<GrantFaults> logger) : ArmedFaults(All, time, logger), IGrantCrashPoints
{
    public static readonly Fault FailNextGrant = new(
        "fail-next-grant",
        "The grant of the next registration's message fails: the message is not acked, comes back after the consumer's retry delay "
        + "(PointsConsumer:RetryBaseDelay), and is granted once.",
        "the grant fails before it writes anything; the message stays unacked and comes back after the retry delay");

    public static readonly Fault PoisonNextMessage = new(
        "poison-next-message",
        $"Every delivery of the next registration's message fails. After the group's maximum delivery attempts the broker moves it to "
        + $"%DLQ%{PointsConsumerOptions.ConsumerGroup}, and that user gets no points.",
        $"this message now fails on every delivery, until the broker moves it to %DLQ%{PointsConsumerOptions.ConsumerGroup}");

    public static readonly Fault DeliverNextMessageTwice = new(
        "deliver-next-message-twice",
        "The next registration's message is granted but not acked, as if the process died before its ack: the broker delivers it again "
        + "after its invisible duration (PointsConsumer:InvisibleDuration), and the grant finds the registration id, grants nothing and acks.",
        "the points are granted and committed; the ack is skipped, so the broker delivers the message again after its invisible duration");

    // Registrations whose message was poisoned: every later delivery of it fails too, until the broker gives up on it.
    private readonly ConcurrentDictionary<Guid, bool> _poisoned = new();

    private static IReadOnlyList<Fault> All { get; } = [FailNextGrant, PoisonNextMessage, DeliverNextMessageTwice];

    public ValueTask ReachedAsync(GrantStep step, UserRegisteredMessage registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var (id, registeredAt) = (registration.RegistrationId, registration.RegisteredAt);
        switch (step)
        {
            case GrantStep.BeforeGrant when _poisoned.ContainsKey(id) || (TryFire(PoisonNextMessage, id, registeredAt) && _poisoned.TryAdd(id, true)):
                throw new PoisonMessageException($"fault {PoisonNextMessage.Name} makes every delivery of registration {id} fail");
            case GrantStep.BeforeGrant when TryFire(FailNextGrant, id, registeredAt):
                throw new SimulatedDatabaseFailure(FailNextGrant, id);
            case GrantStep.AfterGrantCommit when TryFire(DeliverNextMessageTwice, id, registeredAt):
                throw new SimulatedCrashBeforeAck(DeliverNextMessageTwice, id);
        }

        return ValueTask.CompletedTask;
    }
}
