namespace PointsDemo.RocketMq.DevBroker;

/// <summary>
/// What the dev broker holds at one moment, for tests and the dashboard. Over HTTP it is
/// <c>GET /api/snapshot</c> as camelCase JSON, with times in UTC.
/// </summary>
/// <param name="StartedAt">When the broker started.</param>
/// <param name="GrpcEndpoint">Where it serves gRPC (<c>127.0.0.1:port</c>).</param>
/// <param name="Topics">Every topic, dead-letter topics included.</param>
/// <param name="Groups">Every consumer group.</param>
/// <param name="HalfMessages">Transactional messages neither committed nor rolled back yet.</param>
/// <param name="DeadLetters">Messages moved to a <c>%DLQ%&lt;group&gt;</c> topic.</param>
/// <param name="Clients">Clients that sent their settings and have not terminated.</param>
/// <param name="TransactionCheckMax">
/// Half messages in <c>TRANS_CHECK_MAX_TIME_TOPIC</c>: their check-backs ran out without an answer;
/// never delivered nor checked again unless resumed (<c>POST /api/half-messages/{messageId}/resume-checks</c>).
/// </param>
/// <param name="Storage">Where the broker keeps its state.</param>
public sealed record BrokerSnapshot(
    DateTimeOffset StartedAt,
    string GrpcEndpoint,
    IReadOnlyList<TopicSnapshot> Topics,
    IReadOnlyList<GroupSnapshot> Groups,
    IReadOnlyList<HalfMessageSnapshot> HalfMessages,
    IReadOnlyList<DeadLetterSnapshot> DeadLetters,
    IReadOnlyList<ClientSnapshot> Clients,
    IReadOnlyList<HalfMessageSnapshot>? TransactionCheckMax = null,
    StorageSnapshot? Storage = null);

/// <summary>Where the broker keeps its state.</summary>
/// <param name="DataFolder">The journal's folder; null when everything is in memory.</param>
/// <param name="JournalSegments">Journal segment files on disk (0 in memory).</param>
/// <param name="RetainedMessages">Messages held over all topics (not yet taken by every group reading them).</param>
/// <param name="RetainedBytes">Their body bytes.</param>
/// <param name="JournalFlushes">fsyncs of the journal since the broker started (0 in memory).</param>
/// <param name="JournalRecords">Records those fsyncs made durable: with group commit, many per flush.</param>
public sealed record StorageSnapshot(string? DataFolder, int JournalSegments, long RetainedMessages, long RetainedBytes, long JournalFlushes = 0, long JournalRecords = 0);

/// <summary>A topic and its messages.</summary>
/// <param name="Name">The topic.</param>
/// <param name="MessageType">NORMAL, FIFO, DELAY, TRANSACTION or MIXED.</param>
/// <param name="QueueCount">Its queues.</param>
/// <param name="Ready">
/// Messages waiting for delivery: for the group furthest behind among those that consume the
/// topic, or every stored message while no group has consumed it (new groups start at the beginning).
/// </param>
/// <param name="InFlight">Deliveries awaiting their ack, over all groups.</param>
/// <param name="HalfMessages">Its half messages (not counted in <paramref name="Stored"/> until committed).</param>
/// <param name="Stored">Messages ever stored in it (committed, sent plainly, or dead-lettered).</param>
/// <param name="Retained">
/// Messages it still holds: not yet taken by every group reading it (all of them while no group
/// reads it). Acked messages are not held: the count stays bounded however many pass through.
/// </param>
/// <param name="RetainedBytes">Their body bytes.</param>
public sealed record TopicSnapshot(string Name, string MessageType, int QueueCount, long Ready, long InFlight, int HalfMessages, long Stored, long Retained = 0, long RetainedBytes = 0);

/// <summary>A consumer group's progress over all its topics.</summary>
/// <param name="Name">The group.</param>
/// <param name="Ready">Messages waiting for delivery to it (new, or back after their invisible duration).</param>
/// <param name="InFlight">Deliveries awaiting their ack.</param>
/// <param name="Acked">Deliveries acked.</param>
/// <param name="Redelivered">Deliveries whose invisible duration ended unacked.</param>
/// <param name="DeadLettered">Messages moved to its dead-letter topic.</param>
public sealed record GroupSnapshot(string Name, long Ready, long InFlight, long Acked, long Redelivered, long DeadLettered);

/// <summary>A half message waiting for its transaction's end.</summary>
/// <param name="Topic">Its topic.</param>
/// <param name="MessageId">Its message id (also its transaction id).</param>
/// <param name="Keys">Its keys.</param>
/// <param name="Tag">Its tag.</param>
/// <param name="ProducerGroup">The producer group; gRPC producers have none.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="ChecksSent">Check-backs so far.</param>
/// <param name="NextCheckAt">When the next check pass will check it (or move it to TRANS_CHECK_MAX_TIME_TOPIC, past the max checks); for a message already there, when it was moved.</param>
/// <param name="MovedToCheckMaxAt">When it was moved to TRANS_CHECK_MAX_TIME_TOPIC; null while it is checked.</param>
public sealed record HalfMessageSnapshot(
    string Topic, string MessageId, IReadOnlyList<string> Keys, string? Tag, string? ProducerGroup, DateTimeOffset StoredAt, int ChecksSent, DateTimeOffset NextCheckAt,
    DateTimeOffset? MovedToCheckMaxAt = null);

/// <summary>A message in a dead-letter topic.</summary>
/// <param name="Group">The group that gave up on it.</param>
/// <param name="Topic">The dead-letter topic, <c>%DLQ%&lt;group&gt;</c>.</param>
/// <param name="OriginalTopic">Where it was published.</param>
/// <param name="MessageId">Its message id (unchanged).</param>
/// <param name="Keys">Its keys.</param>
/// <param name="Tag">Its tag.</param>
/// <param name="DeliveryAttempts">How often the group received it.</param>
/// <param name="DeadLetteredAt">When it was moved.</param>
/// <param name="Body">The body as UTF-8 text when printable, else base64.</param>
public sealed record DeadLetterSnapshot(
    string Group, string Topic, string OriginalTopic, string MessageId, IReadOnlyList<string> Keys, string? Tag, int DeliveryAttempts, DateTimeOffset DeadLetteredAt, string Body);

/// <summary>A client the broker knows.</summary>
/// <param name="ClientId">Its <c>x-mq-client-id</c>.</param>
/// <param name="Kind">PRODUCER, SIMPLE_CONSUMER or PUSH_CONSUMER.</param>
/// <param name="Group">A consumer's group; null for producers.</param>
/// <param name="Topics">The topics a producer declared or a consumer subscribed to.</param>
/// <param name="ConnectedAt">When it first sent its settings.</param>
/// <param name="LastHeartbeatAt">When it was last heard of (heartbeat or settings).</param>
public sealed record ClientSnapshot(string ClientId, string Kind, string? Group, IReadOnlyList<string> Topics, DateTimeOffset ConnectedAt, DateTimeOffset LastHeartbeatAt);
