using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Validation;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Valid_options_pass()
    {
        Assert.True(new RocketMqOptionsValidator().Validate(null, new RocketMqOptions { Endpoints = "127.0.0.1:8081" }).Succeeded);
        Assert.True(new ProducerOptionsValidator().Validate(null, new ProducerOptions { Topics = { "user-registered" } }).Succeeded);
        Assert.True(new SimpleConsumerOptionsValidator().Validate(null, Consumer("points-service", "user-registered")).Succeeded);
    }

    [Theory]
    [InlineData(null, "RocketMqOptions.Endpoints is required (host:port[;host:port])")]
    [InlineData(" ", "RocketMqOptions.Endpoints is required (host:port[;host:port])")]
    [InlineData("localhost", "RocketMqOptions.Endpoints 'localhost' is not valid: 'localhost' is not host:port (expected host:port[;host:port])")]
    public void Endpoints_are_required_and_must_be_host_port(string? endpoints, string expected) =>
        Assert.Equal([expected], Failures(new RocketMqOptions { Endpoints = endpoints! }));

    [Fact]
    public void The_request_timeout_must_be_positive() =>
        Assert.Equal(
            ["RocketMqOptions.RequestTimeout must be positive (e.g. 00:00:03)"],
            Failures(new RocketMqOptions { Endpoints = "h:1", RequestTimeout = TimeSpan.Zero }));

    [Fact]
    public void Credentials_come_in_pairs()
    {
        Assert.Equal(["RocketMqOptions.SecretKey is required when RocketMqOptions.AccessKey is set"], Failures(new RocketMqOptions { Endpoints = "h:1", AccessKey = "ak" }));
        Assert.Equal(["RocketMqOptions.AccessKey is required when RocketMqOptions.SecretKey is set"], Failures(new RocketMqOptions { Endpoints = "h:1", SecretKey = "sk" }));
        Assert.Equal(
            ["RocketMqOptions.SessionToken needs RocketMqOptions.AccessKey and RocketMqOptions.SecretKey"],
            Failures(new RocketMqOptions { Endpoints = "h:1", SessionToken = "token" }));
    }

    [Fact]
    public void Producer_options_need_attempts_and_valid_topic_names()
    {
        var result = new ProducerOptionsValidator().Validate(null, new ProducerOptions { MaxAttempts = 0, Topics = { "ok-topic", "bad topic" } });

        Assert.Equal(
            [
                "Producer MaxAttempts must be at least 1 (was 0)",
                "Producer topic 'bad topic' is not a valid topic name (letters, digits, %, |, _ and -; at most 127 characters)",
            ],
            result.Failures);
    }

    [Fact]
    public void Consumer_options_need_a_group_a_subscription_and_a_positive_await_duration()
    {
        var options = new SimpleConsumerOptions { AwaitDuration = TimeSpan.Zero };

        Assert.Equal(
            [
                "SimpleConsumer ConsumerGroup is required",
                "SimpleConsumer Subscriptions needs at least one topic",
                "SimpleConsumer AwaitDuration must be positive (was 00:00:00)",
            ],
            new SimpleConsumerOptionsValidator().Validate(null, options).Failures);
        Assert.Equal(
            [
                "SimpleConsumer ConsumerGroup 'points service' is not a valid group name (letters, digits, %, |, _ and -; at most 120 characters)",
                "SimpleConsumer subscription topic 'a/b' is not a valid topic name (letters, digits, %, |, _ and -; at most 127 characters)",
            ],
            new SimpleConsumerOptionsValidator().Validate(null, Consumer("points service", "a/b")).Failures);
    }

    [Fact]
    public void The_dead_letter_topic_of_a_group_is_a_valid_subscription() =>
        Assert.True(new SimpleConsumerOptionsValidator().Validate(null, Consumer("dlq-reader", "%DLQ%points-service")).Succeeded);

    [Fact]
    public void Clients_built_without_di_refuse_invalid_options_with_the_same_messages()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new Producer(new RocketMqOptions(), new ProducerOptions()));

        Assert.Equal("RocketMqOptions.Endpoints is required (host:port[;host:port])", exception.Message);
        Assert.Throws<OptionsValidationException>(() => new SimpleConsumer(new RocketMqOptions { Endpoints = "h:1" }, new SimpleConsumerOptions()));
    }

    private static IEnumerable<string> Failures(RocketMqOptions options) =>
        new RocketMqOptionsValidator().Validate(null, options).Failures ?? [];

    private static SimpleConsumerOptions Consumer(string group, string topic) =>
        new() { ConsumerGroup = group, Subscriptions = { [topic] = "*" } };
}
