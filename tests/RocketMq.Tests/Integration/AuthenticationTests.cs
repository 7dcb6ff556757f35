using Apache.Rocketmq.V2;
using Grpc.Core;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// A broker with an access key: signed requests pass, the rest get UNAUTHORIZED (40100) with the
/// proxy's message for what was wrong; the client's exception names the access key, never the secret.
/// </summary>
public sealed class AuthenticationTests
{
    private const string AccessKey = "points-ak";
    private const string SecretKey = "s3cret-points-sk";

    [Fact]
    public async Task A_client_signing_with_the_brokers_key_sends_and_consumes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await StartAsync();
        harness.Credentials = (AccessKey, SecretKey);
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync("points-service", BrokerHarness.NormalTopic);

        var sent = await producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, "signed"u8.ToArray()), ct);

        Assert.Equal(sent.MessageId, Assert.Single(await consumer.ReceiveCountAsync(1)).MessageId);
    }

    [Theory]
    [InlineData(AccessKey, "wrong-secret", "check signature failed.")]
    [InlineData("someone-else", SecretKey, "User:someone-else is not found.")]
    public async Task A_client_with_wrong_credentials_is_refused_with_an_exception_naming_its_access_key_and_not_its_secret(
        string accessKey, string secretKey, string brokerMessage)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await StartAsync();
        var options = harness.ClientOptions;
        options.AccessKey = accessKey;
        options.SecretKey = secretKey;
        await using var producer = new Producer(options, new ProducerOptions { Topics = { BrokerHarness.NormalTopic } }, checker: null, harness.LoggerFactory);
        await producer.StartAsync(ct);

        var refused = await Assert.ThrowsAsync<UnauthorizedException>(
            () => producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, "x"u8.ToArray()), ct));

        Assert.Equal((RocketMqStatusCode.Unauthorized, accessKey, brokerMessage), (refused.Code, refused.AccessKey, refused.StatusMessage));
        Assert.Contains($"access key '{accessKey}'", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secretKey, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_credentials_is_refused_and_told_it_did_not_sign()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);

        var refused = await Assert.ThrowsAsync<UnauthorizedException>(
            () => producer.SendAsync(new PointsDemo.RocketMq.Message(BrokerHarness.NormalTopic, "x"u8.ToArray()), ct));

        Assert.Equal((RocketMqStatusCode.Unauthorized, (string?)null, "authentication header is null"), (refused.Code, refused.AccessKey, refused.StatusMessage));
        Assert.Contains("not signed", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "20260101T000000Z", "authentication header is null")]
    [InlineData("MQv2-HMAC-SHA1 Credential=points-ak, SignedHeaders=x-mq-date-time, Signature=00", null, "datetime is null")]
    [InlineData("MQv2-HMAC-SHA1 Credential=points-ak, SignedHeaders=x-mq-date-time, Signature=00", "20260101T000000Z", "check signature failed.")]
    [InlineData("MQv2-HMAC-SHA1", "20260101T000000Z", "authentication header is incorrect")]
    [InlineData("MQv2-HMAC-SHA1 SignedHeaders=x-mq-date-time", "20260101T000000Z", "username cannot be null.")]
    public async Task Each_unsigned_or_wrongly_signed_request_gets_unauthorized_with_the_proxys_message_before_any_other_check(
        string? authorization, string? dateTime, string expected)
    {
        await using var harness = await StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint, clientId: null); // no client id either: authentication comes first
        if (authorization is not null)
        {
            raw.Headers.Add("authorization", authorization);
        }

        if (dateTime is not null)
        {
            raw.Headers.Add("x-mq-date-time", dateTime);
        }

        var route = await raw.Service.QueryRouteAsync(new QueryRouteRequest { Topic = RawClient.Resource(BrokerHarness.NormalTopic) }, raw.Call());
        var receive = await raw.ReceiveFramesAsync(new ReceiveMessageRequest { Group = RawClient.Resource("g"), MessageQueue = new MessageQueue { Topic = RawClient.Resource(BrokerHarness.NormalTopic) } });
        var (answer, stream) = await raw.HandshakeAsync(RawClient.ProducerSettings(BrokerHarness.NormalTopic));
        using (stream)
        {
            Assert.Equal((Code.Unauthorized, expected), (route.Status.Code, route.Status.Message));
            Assert.Equal((Code.Unauthorized, expected), (receive[0].Status.Code, receive[0].Status.Message));
            Assert.Equal(ReceiveMessageResponse.ContentOneofCase.DeliveryTimestamp, receive[^1].ContentCase);
            Assert.Equal((TelemetryCommand.CommandOneofCase.None, Code.Unauthorized), (answer.CommandCase, answer.Status.Code));
        }
    }

    [Fact]
    public async Task A_correctly_signed_raw_request_is_served()
    {
        await using var harness = await StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);
        raw.Headers.Add("x-mq-date-time", "20260101T000000Z");
        raw.Headers.Add("authorization", Internal.Transport.RequestSignature.Authorization(AccessKey, SecretKey, "20260101T000000Z"));

        var route = await raw.Service.QueryRouteAsync(new QueryRouteRequest { Topic = RawClient.Resource(BrokerHarness.NormalTopic) }, raw.Call());

        Assert.Equal(Code.Ok, route.Status.Code);
        Assert.Equal(4, route.MessageQueues.Count);
    }

    private static Task<BrokerHarness> StartAsync() =>
        BrokerHarness.StartAsync(o =>
        {
            o.AccessKey = AccessKey;
            o.SecretKey = SecretKey;
        });
}
