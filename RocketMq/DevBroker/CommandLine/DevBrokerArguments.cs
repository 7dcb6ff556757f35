using System.Globalization;

namespace PointsDemo.RocketMq.DevBroker.CommandLine;

/// <summary>
/// The program's command line: <c>--port 8081 [--http-port 8082] --topic name:TYPE[:queues] ... --group name ...
/// [--transaction-timeout 6s] [--check-interval 30s] [--max-checks 15] [--max-delivery-attempts 17]
/// [--data folder] [--retention 72h] [--access-key ak --secret-key sk]</c>.
/// Durations are a number with <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c>.
/// </summary>
internal static class DevBrokerArguments
{
    public const int UsageExitCode = 2;

    public const string Usage = """
        usage: RocketMq.DevBroker [--port 8081] [--http-port <port>] --topic <name>[:<type>[:<queues>]] ... [--group <name>] ...
                                  [--transaction-timeout 6s] [--check-interval 30s] [--max-checks 15] [--max-delivery-attempts 17]
                                  [--data <folder>] [--retention 72h] [--access-key <key> --secret-key <secret>]
                                  [--advertised-endpoint <host>:<port>]
          --port                   gRPC port on 127.0.0.1 (plaintext HTTP/2); 0 picks a free one. Default 8081.
          --http-port              inspection API on 127.0.0.1: GET /api/snapshot, GET /health, and
                                   POST /api/half-messages/<messageId>/resume-checks; off by default.
          --topic                  a topic and its message type: NORMAL (default), FIFO, DELAY, TRANSACTION or MIXED;
                                   queues default to 8. Repeatable.
          --group                  a consumer group to show from the start (groups are also created on first receive). Repeatable.
          --transaction-timeout    age before a half message is first checked. Default 6s.
          --check-interval         pause between check passes. Default 30s.
          --max-checks             check-backs before a half message moves to TRANS_CHECK_MAX_TIME_TOPIC. Default 15.
          --max-delivery-attempts  deliveries before a message goes to %DLQ%<group>. Default 17.
          --data                   keep the state in this folder (an fsynced journal) and rebuild it at start;
                                   in memory by default.
          --retention              how long messages are kept at most, consumed or not. Default 72h.
          --access-key             requests must be signed with this key (MQv2-HMAC-SHA1); unsigned or wrongly
          --secret-key             signed ones are refused with UNAUTHORIZED (40100). Give both or neither; the
                                   secret may come from ROCKETMQ_SECRET_KEY instead, out of the process listing.
          --advertised-endpoint    the host:port that route answers name (a published or forwarded port);
                                   by default the address the client dialled.
        durations: 500ms, 3s, 1m, 2h.
        With OTEL_EXPORTER_OTLP_ENDPOINT set, metrics and logs are also exported over OTLP
        (OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_METRIC_EXPORT_INTERVAL apply).
        """;

    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>
    /// Where the secret key is read from when the command line has none: a command line is visible
    /// to every user of the machine (and to a dashboard showing how a resource was started).
    /// </summary>
    public const string SecretKeyVariable = "ROCKETMQ_SECRET_KEY";

    /// <exception cref="ArgumentException">An unknown option, a missing or bad value, or options that do not fit together.</exception>
    public static DevBrokerOptions Parse(IReadOnlyList<string> args) => Parse(args, Environment.GetEnvironmentVariable);

    /// <summary>Parses <paramref name="args"/>, reading the environment through <paramref name="environment"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing or bad value, or options that do not fit together.</exception>
    public static DevBrokerOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = new DevBrokerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{name} needs a value.");

            switch (name)
            {
                case "--port":
                    options.Port = ParsePort(name, Value());
                    break;
                case "--advertised-endpoint":
                    options.AdvertisedEndpoint = Value();
                    break;
                case "--http-port":
                    options.InspectionPort = ParsePort(name, Value());
                    break;
                case "--topic":
                    options.Topics.Add(ParseTopic(Value()));
                    break;
                case "--group":
                    options.ConsumerGroups.Add(Value());
                    break;
                case "--transaction-timeout":
                    options.TransactionTimeout = ParseDuration(name, Value());
                    break;
                case "--check-interval":
                    options.TransactionCheckInterval = ParseDuration(name, Value());
                    break;
                case "--max-checks":
                    options.TransactionCheckMax = ParseCount(name, Value());
                    break;
                case "--max-delivery-attempts":
                    options.MaxDeliveryAttempts = ParseCount(name, Value());
                    break;
                case "--data":
                    options.DataFolder = Value();
                    break;
                case "--retention":
                    options.RetentionTime = ParseDuration(name, Value());
                    break;
                case "--access-key":
                    options.AccessKey = Value();
                    break;
                case "--secret-key":
                    options.SecretKey = Value();
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'.");
            }
        }

        if (options.Topics.Count == 0)
        {
            throw new ArgumentException("declare at least one --topic (gRPC clients cannot create topics).");
        }

        if (options.AccessKey is not null && options.SecretKey is null)
        {
            options.SecretKey = environment(SecretKeyVariable);
        }

        options.Validate();
        return options;
    }

    /// <summary>A duration such as <c>500ms</c>, <c>3s</c>, <c>1m</c> or <c>2h</c>.</summary>
    public static TimeSpan ParseDuration(string option, string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], "ms")
            : text.Length > 1 && text[^1] is 's' or 'm' or 'h' ? (text[..^1], text[^1..])
            : (text, "");
        if (unit.Length == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"{option} takes a duration such as 500ms, 3s, 1m or 2h (was '{text}').");
        }

        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
    }

    /// <summary><c>name</c>, <c>name:TYPE</c> or <c>name:TYPE:queues</c>.</summary>
    public static TopicDefinition ParseTopic(string text)
    {
        var parts = text.Split(':');
        if (parts.Length > 3 || parts[0].Length == 0)
        {
            throw new ArgumentException($"--topic takes name[:TYPE[:queues]] (was '{text}').");
        }

        var type = TopicMessageType.Normal;
        if (parts.Length > 1 && !(parts[1].All(char.IsLetter) && Enum.TryParse(parts[1], ignoreCase: true, out type)))
        {
            throw new ArgumentException($"--topic {parts[0]}: the type must be NORMAL, FIFO, DELAY, TRANSACTION or MIXED (was '{parts[1]}').");
        }

        var queues = parts.Length == 3 ? ParseCount("--topic", parts[2]) : 8;
        return new TopicDefinition(parts[0], type, queues);
    }

    private static int ParsePort(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"{option} takes a port number from 0 to 65535 (was '{text}').");

    private static int ParseCount(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new ArgumentException($"{option} takes a whole number of at least 1 (was '{text}').");
}
