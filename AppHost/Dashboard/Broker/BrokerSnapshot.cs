namespace PointsDemo.AppHost.Dashboard.Broker;

// The dev broker's inspection JSON (GET /api/snapshot), read with camelCase names. Only what the
// broker page shows; unknown fields are ignored so the broker can add more without breaking it.

internal sealed record BrokerSnapshot(
    DateTimeOffset StartedAt,
    string GrpcEndpoint,
    IReadOnlyList<BrokerTopic> Topics,
    IReadOnlyList<BrokerGroup> Groups,
    IReadOnlyList<BrokerHalfMessage> HalfMessages,
    IReadOnlyList<BrokerDeadLetter> DeadLetters,
    IReadOnlyList<BrokerClient> Clients);

internal sealed record BrokerTopic(string Name, string MessageType, int QueueCount, long Ready, long InFlight, long HalfMessages, long Stored);

internal sealed record BrokerGroup(string Name, long Ready, long InFlight, long Acked, long Redelivered, long DeadLettered);

internal sealed record BrokerHalfMessage(
    string Topic, string MessageId, IReadOnlyList<string>? Keys, string? Tag, string? ProducerGroup,
    DateTimeOffset StoredAt, int ChecksSent, DateTimeOffset? NextCheckAt);

internal sealed record BrokerDeadLetter(
    string Group, string Topic, string OriginalTopic, string MessageId, IReadOnlyList<string>? Keys, string? Tag,
    int DeliveryAttempts, DateTimeOffset DeadLetteredAt, string? Body);

internal sealed record BrokerClient(
    string ClientId, string Kind, string? Group, IReadOnlyList<string>? Topics, DateTimeOffset ConnectedAt, DateTimeOffset? LastHeartbeatAt);
