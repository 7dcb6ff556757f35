using Grpc.Core.Interceptors;

namespace PointsDemo.RocketMq.DevBroker;

/// <summary>
/// How a <see cref="DevBroker"/> listens and behaves. The defaults are the real RocketMQ 5
/// broker's and proxy's (see the semantics notes); tests shorten the transaction and
/// long-polling times so they run in milliseconds.
/// </summary>
public sealed class DevBrokerOptions
{
    /// <summary>The gRPC port on 127.0.0.1 (plaintext HTTP/2); 0 picks a free port. 8081 by default, as the proxy's.</summary>
    public int Port { get; set; } = 8081;

    /// <summary>The HTTP/1.1 port of the read-only inspection API on 127.0.0.1; 0 picks a free port, null (the default) serves none.</summary>
    public int? InspectionPort { get; set; }

    /// <summary>The topics, each with its message type: gRPC clients cannot create topics, as with the real proxy.</summary>
    public IList<TopicDefinition> Topics { get; } = [];

    /// <summary>
    /// Consumer groups to show from the start. Groups are also created on a consumer's first
    /// receive, as the broker's <c>autoCreateSubscriptionGroup</c> does.
    /// </summary>
    public IList<string> ConsumerGroups { get; } = [];

    /// <summary>The minimum age of a half message before it is checked (<c>transactionTimeOut</c>, 6 s).</summary>
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>The pause between two check passes over the half messages (<c>transactionCheckInterval</c>, 30 s).</summary>
    public TimeSpan TransactionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many check-backs a half message gets before it moves to TRANS_CHECK_MAX_TIME_TOPIC (<c>transactionCheckMax</c>, 15).</summary>
    public int TransactionCheckMax { get; set; } = 15;

    /// <summary>
    /// Deliveries of a message to a group before it moves to <c>%DLQ%&lt;group&gt;</c>: the group's
    /// <c>retryMaxTimes</c> (16) + 1 = 17, advertised to consumers as their max attempts.
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = 17;

    /// <summary>The shortest long poll a receive gets (<c>grpcClientConsumerMinLongPollingTimeoutMillis</c>, 5 s).</summary>
    public TimeSpan MinLongPollingTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest long poll a receive gets (<c>grpcClientConsumerMaxLongPollingTimeoutMillis</c>, 20 s), also advertised to consumers.</summary>
    public TimeSpan MaxLongPollingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The shortest invisible duration a receive may ask for (<c>minInvisibleTimeMillsForRecv</c>, 10 s).</summary>
    public TimeSpan MinReceiveInvisibleDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest invisible duration a receive or a change may ask for (<c>maxInvisibleTimeMills</c>, 12 h).</summary>
    public TimeSpan MaxInvisibleDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The largest message body accepted, also advertised to producers (<c>maxMessageSize</c>, 4 MiB).</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Where the broker keeps its state across restarts: an append-only journal of every change
    /// (messages, half messages and their resolution, deliveries, acks, invisible-duration
    /// changes, dead letters, group positions), each request that changes state answered only once
    /// its record is on disk (fsync, shared by concurrent requests). At start the state is rebuilt
    /// from it. Null (the default): everything is held in memory and lost when the broker stops.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>
    /// How long messages are kept at most, consumed or not (<c>fileReservedTime</c>, 72 h): older ones
    /// are let go of, and journal segments older than this are deleted. Half messages this old are
    /// moved to TRANS_CHECK_MAX_TIME_TOPIC.
    /// </summary>
    public TimeSpan RetentionTime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The size past which the journal starts a new segment file (64 MiB). A segment is deleted once nothing in it is needed.</summary>
    public long SegmentSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The access key clients must sign their requests with (<c>MQv2-HMAC-SHA1</c>, as the proxy's
    /// authentication checks them); a request without a valid signature is refused with
    /// UNAUTHORIZED (40100). Null (the default): requests need no signature.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret of <see cref="AccessKey"/>: the HMAC-SHA1 key of the signature. Required with it.</summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// The <c>host:port</c> that route and assignment answers name, e.g. a published or forwarded
    /// port in front of this broker. Null (the default): answers name the address the client
    /// dialled, as the proxy in cluster mode does with <c>useEndpointPortFromRequest</c>.
    /// </summary>
    public string? AdvertisedEndpoint { get; set; }

    /// <summary>
    /// Interceptors that see every call after the broker's own status handling, e.g. to observe the
    /// raw requests a client sends (one instance of each type).
    /// </summary>
    public IList<Interceptor> Interceptors { get; } = [];

    /// <summary>Checks the values; the message names the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is out of range, or a topic is declared twice.</exception>
    public void Validate()
    {
        Require(Port is >= 0 and <= 65535, $"Port must be 0 to 65535 (was {Port}).");
        Require(InspectionPort is null or >= 0 and <= 65535, $"InspectionPort must be 0 to 65535 (was {InspectionPort}).");
        Require(TransactionTimeout >= TimeSpan.Zero, "TransactionTimeout must not be negative.");
        Require(TransactionCheckInterval > TimeSpan.Zero, "TransactionCheckInterval must be positive.");
        Require(TransactionCheckMax >= 1, "TransactionCheckMax must be at least 1.");
        Require(MaxDeliveryAttempts >= 1, "MaxDeliveryAttempts must be at least 1.");
        Require(MinLongPollingTimeout > TimeSpan.Zero && MinLongPollingTimeout <= MaxLongPollingTimeout, "MinLongPollingTimeout must be positive and at most MaxLongPollingTimeout.");
        Require(MinReceiveInvisibleDuration >= TimeSpan.Zero && MinReceiveInvisibleDuration <= MaxInvisibleDuration, "MinReceiveInvisibleDuration must be between zero and MaxInvisibleDuration.");
        Require(MaxMessageSize > 0, "MaxMessageSize must be positive.");
        Require(string.IsNullOrEmpty(AccessKey) == string.IsNullOrEmpty(SecretKey), "AccessKey and SecretKey go together: give both or neither.");
        Require(AdvertisedEndpoint is null || TryParseEndpoint(AdvertisedEndpoint, out _, out _), $"AdvertisedEndpoint must be host:port with a port from 1 to 65535 (was '{AdvertisedEndpoint}').");
        Require(DataFolder is null || DataFolder.Trim().Length > 0, "DataFolder must name a folder (or be null to stay in memory).");
        Require(RetentionTime > TimeSpan.Zero, "RetentionTime must be positive.");
        Require(SegmentSize >= 4096, "SegmentSize must be at least 4096 bytes.");
        var duplicate = Topics.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        Require(duplicate is null, $"Topic {duplicate?.Key} is declared more than once.");
        foreach (var topic in Topics)
        {
            Require(topic.QueueCount is >= 1 and <= 1024, $"Topic {topic.Name} must have 1 to 1024 queues (was {topic.QueueCount}).");
            Require(Validation.ResourceNames.TopicError(topic.Name) is null, $"Topic name '{topic.Name}' is not valid: {Validation.ResourceNames.TopicError(topic.Name)}.");
        }

        foreach (var group in ConsumerGroups)
        {
            Require(Validation.ResourceNames.GroupError(group) is null, $"Consumer group '{group}' is not valid: {Validation.ResourceNames.GroupError(group)}.");
        }
    }

    /// <summary>Splits <c>host:port</c> (the port 1 to 65535, the host non-empty, IPv6 in brackets).</summary>
    internal static bool TryParseEndpoint(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return host.Length > 0 && !host.Any(char.IsWhiteSpace) && (host.Contains(':') == text.StartsWith('['));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}

/// <summary>A topic of the dev broker, as <c>mqadmin updateTopic -a +message.type=...</c> would create it.</summary>
/// <param name="Name">The topic name (<c>[%|a-zA-Z0-9_-]</c>, at most 127 characters).</param>
/// <param name="Type">Which messages it accepts; a send of another type is refused (40014).</param>
/// <param name="QueueCount">Its read/write queues (8, as <c>updateTopic</c> makes).</param>
public sealed record TopicDefinition(string Name, TopicMessageType Type, int QueueCount = 8);

/// <summary>A topic's <c>message.type</c> attribute.</summary>
public enum TopicMessageType
{
    /// <summary>Plain messages.</summary>
    Normal,

    /// <summary>Messages with a message group (ordering key).</summary>
    Fifo,

    /// <summary>Messages with a delivery timestamp.</summary>
    Delay,

    /// <summary>Half messages, committed or rolled back later.</summary>
    Transaction,

    /// <summary>Any of the above.</summary>
    Mixed,
}
