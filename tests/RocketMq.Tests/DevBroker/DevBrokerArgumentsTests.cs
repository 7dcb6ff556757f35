using PointsDemo.RocketMq.DevBroker;
using PointsDemo.RocketMq.DevBroker.CommandLine;

namespace PointsDemo.RocketMq.Tests.DevBroker;

public sealed class DevBrokerArgumentsTests
{
    [Fact]
    public void The_documented_command_line_gives_those_options_and_the_real_brokers_defaults_elsewhere()
    {
        var options = DevBrokerArguments.Parse(["--port", "8081", "--topic", "user-registered:TRANSACTION", "--group", "points-service"]);

        Assert.Equal((8081, (int?)null), (options.Port, options.InspectionPort));
        Assert.Equal([new TopicDefinition("user-registered", TopicMessageType.Transaction, 8)], options.Topics);
        Assert.Equal(["points-service"], options.ConsumerGroups);
        Assert.Equal(
            (TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(30), 15, 17),
            (options.TransactionTimeout, options.TransactionCheckInterval, options.TransactionCheckMax, options.MaxDeliveryAttempts));
        Assert.Equal(
            (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromHours(12), 4 * 1024 * 1024),
            (options.MinLongPollingTimeout, options.MaxLongPollingTimeout, options.MinReceiveInvisibleDuration, options.MaxInvisibleDuration, options.MaxMessageSize));
    }

    [Fact]
    public void Every_option_is_read_and_topics_and_groups_repeat()
    {
        var options = DevBrokerArguments.Parse(
        [
            "--port", "0", "--http-port", "8082", "--topic", "a", "--topic", "b:fifo:2", "--topic", "c:Delay", "--group", "g1", "--group", "g2",
            "--transaction-timeout", "500ms", "--check-interval", "3s", "--max-checks", "2", "--max-delivery-attempts", "4",
        ]);

        Assert.Equal((0, (int?)8082), (options.Port, options.InspectionPort));
        Assert.Equal(
            [new TopicDefinition("a", TopicMessageType.Normal), new TopicDefinition("b", TopicMessageType.Fifo, 2), new TopicDefinition("c", TopicMessageType.Delay)],
            options.Topics);
        Assert.Equal(["g1", "g2"], options.ConsumerGroups);
        Assert.Equal(
            (TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), 2, 4),
            (options.TransactionTimeout, options.TransactionCheckInterval, options.TransactionCheckMax, options.MaxDeliveryAttempts));
    }

    [Fact]
    public void Durability_retention_and_signing_options_are_read_and_off_by_default()
    {
        var defaults = DevBrokerArguments.Parse(["--topic", "t"]);
        var options = DevBrokerArguments.Parse(["--topic", "t", "--data", "/var/lib/broker", "--retention", "48h", "--access-key", "ak", "--secret-key", "sk"]);

        Assert.Equal(((string?)null, TimeSpan.FromHours(72), (string?)null, (string?)null), (defaults.DataFolder, defaults.RetentionTime, defaults.AccessKey, defaults.SecretKey));
        Assert.Equal(("/var/lib/broker", TimeSpan.FromHours(48), "ak", "sk"), (options.DataFolder, options.RetentionTime, options.AccessKey, options.SecretKey));
        Assert.Contains("--data", DevBrokerArguments.Usage, StringComparison.Ordinal);
        Assert.Contains("--access-key", DevBrokerArguments.Usage, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", DevBrokerArguments.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_key_can_come_from_the_environment_and_the_command_line_wins()
    {
        static string? Environment(string name) => name == DevBrokerArguments.SecretKeyVariable ? "from-environment" : null;

        var fromEnvironment = DevBrokerArguments.Parse(["--topic", "t", "--access-key", "ak"], Environment);
        var fromCommandLine = DevBrokerArguments.Parse(["--topic", "t", "--access-key", "ak", "--secret-key", "sk"], Environment);

        Assert.Equal(("ak", "from-environment"), (fromEnvironment.AccessKey, fromEnvironment.SecretKey));
        Assert.Equal("sk", fromCommandLine.SecretKey);
        Assert.Throws<ArgumentException>(() => DevBrokerArguments.Parse(["--topic", "t", "--access-key", "ak"], _ => null));
        Assert.Contains(DevBrokerArguments.SecretKeyVariable, DevBrokerArguments.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("3s", 3_000)]
    [InlineData("1m", 60_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5s", 1_500)]
    public void Durations_take_a_unit(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DevBrokerArguments.ParseDuration("--check-interval", text));

    [Theory]
    [InlineData("--topic t:TRANSACTION --check-interval 30", "--check-interval takes a duration such as 500ms, 3s, 1m or 2h (was '30')")]
    [InlineData("--topic t:QUEUE", "the type must be NORMAL, FIFO, DELAY, TRANSACTION or MIXED (was 'QUEUE')")]
    [InlineData("--topic t:4", "the type must be NORMAL, FIFO, DELAY, TRANSACTION or MIXED (was '4')")]
    [InlineData("--topic t --port 70000", "--port takes a port number from 0 to 65535 (was '70000')")]
    [InlineData("--topic t --max-checks 0", "--max-checks takes a whole number of at least 1 (was '0')")]
    [InlineData("--topic t --verbose", "unknown option '--verbose'")]
    [InlineData("--topic", "--topic needs a value")]
    [InlineData("--group g", "declare at least one --topic")]
    [InlineData("--topic t --topic t", "Topic t is declared more than once")]
    [InlineData("--topic bad!name", "Topic name 'bad!name' is not valid")]
    [InlineData("--topic t --access-key ak", "AccessKey and SecretKey go together")]
    [InlineData("--topic t --retention 0s", "RetentionTime must be positive")]
    [InlineData("--topic t --data", "--data needs a value")]
    public void Bad_arguments_are_refused_with_a_message_that_names_the_problem(string commandLine, string expected)
    {
        var refused = Assert.Throws<ArgumentException>(() => DevBrokerArguments.Parse(commandLine.Split(' ')));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_is_recognized()
    {
        Assert.True(DevBrokerArguments.WantsHelp(["--help"]));
        Assert.False(DevBrokerArguments.WantsHelp(["--port", "1"]));
        Assert.Equal(2, DevBrokerArguments.UsageExitCode);
    }

    [Theory]
    [InlineData("proxy:8081", "proxy", 8081)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void An_advertised_endpoint_is_host_and_port(string text, string host, int port)
    {
        var options = DevBrokerArguments.Parse(["--topic", "t", "--advertised-endpoint", text]);

        Assert.Equal(text, options.AdvertisedEndpoint);
        Assert.True(DevBrokerOptions.TryParseEndpoint(text, out var h, out var p));
        Assert.Equal((host, port), (h, p));
    }

    [Theory]
    [InlineData("proxy")]
    [InlineData("proxy:0")]
    [InlineData("proxy:65536")]
    [InlineData(":8081")]
    [InlineData("::1:8081")]
    public void A_malformed_advertised_endpoint_is_refused_with_its_value(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => DevBrokerArguments.Parse(["--topic", "t", "--advertised-endpoint", text]));

        Assert.Contains($"AdvertisedEndpoint must be host:port with a port from 1 to 65535 (was '{text}')", error.Message, StringComparison.Ordinal);
    }
}
