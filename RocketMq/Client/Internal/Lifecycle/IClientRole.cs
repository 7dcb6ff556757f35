using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Lifecycle;

/// <summary>What makes a client a producer or a consumer, as far as its lifecycle is concerned.</summary>
internal interface IClientRole
{
    ClientType ClientType { get; }

    /// <summary>The consumer group, sent with heartbeats and termination; null for a producer.</summary>
    Resource? Group { get; }

    /// <summary>The topics whose routes the client fetches at start and keeps fresh.</summary>
    IReadOnlyCollection<string> Topics { get; }

    /// <summary>The settings announced on Telemetry, as they are now.</summary>
    Settings CreateSettings();

    /// <summary>Adopts what the broker answered to the settings.</summary>
    void ApplyServerSettings(Settings settings);

    /// <summary>A check-back arrived on the stream of <paramref name="endpoint"/>; must return at once.</summary>
    void OnOrphanedTransaction(RecoverOrphanedTransactionCommand command, Endpoint endpoint);

    /// <summary>Waits for work the role started in the background (e.g. running checks) once the client stops.</summary>
    Task DrainAsync();
}
