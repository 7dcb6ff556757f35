using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// The broker's answers on the wire, pinned with the generated gRPC client alone (no client
/// library): what any RocketMQ 5 client relies on from the real proxy.
/// </summary>
public sealed class RawProtocolTests
{
    private const string Group = "points-service";

    [Fact]
    public async Task A_call_without_a_client_id_is_answered_client_id_required_inside_the_response()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint, clientId: null);

        var route = await raw.Service.QueryRouteAsync(new QueryRouteRequest { Topic = RawClient.Resource(BrokerHarness.NormalTopic) }, raw.Call());
        var (answer, stream) = await raw.HandshakeAsync(RawClient.ProducerSettings(BrokerHarness.NormalTopic));
        using var _ = stream;

        Assert.Equal((Code.ClientIdRequired, "client id cannot be empty"), (route.Status.Code, route.Status.Message));
        Assert.Equal((Code.ClientIdRequired, TelemetryCommand.CommandOneofCase.None), (answer.Status.Code, answer.CommandCase));
        Assert.False(await stream.ResponseStream.MoveNext(TestContext.Current.CancellationToken)); // then the stream ends
    }

    [Fact]
    public async Task A_producers_settings_are_answered_with_the_proxys_backoff_max_body_size_and_type_check()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);
        var settings = RawClient.ProducerSettings(BrokerHarness.TransactionTopic);

        var (answer, stream) = await raw.HandshakeAsync(settings);
        using var _ = stream;

        Assert.Equal((Code.Ok, "OK"), (answer.Status.Code, answer.Status.Message));
        var expected = settings.Clone();
        expected.BackoffPolicy = new RetryPolicy
        {
            MaxAttempts = 3,
            ExponentialBackoff = new ExponentialBackoff { Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)), Max = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Multiplier = 2 },
        };
        expected.Publishing.MaxBodySize = 4 * 1024 * 1024;
        expected.Publishing.ValidateMessageType = true;
        expected.Metric = new Metric { On = false };
        Assert.Equal(expected, answer.Settings);
        var client = Assert.Single(harness.Inspector.TakeSnapshot().Clients);
        Assert.Equal(("raw-client@1@1@test", "PRODUCER"), (client.ClientId, client.Kind));
        Assert.Equal([BrokerHarness.TransactionTopic], client.Topics);
    }

    [Fact]
    public async Task A_consumers_settings_are_answered_with_batch_size_long_polling_and_the_groups_retry_policy()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);

        var (answer, stream) = await raw.HandshakeAsync(RawClient.ConsumerSettings(Group, BrokerHarness.NormalTopic));
        using var _ = stream;

        var subscription = answer.Settings.Subscription;
        Assert.Equal((false, 32, TimeSpan.FromSeconds(20)), (subscription.Fifo, subscription.ReceiveBatchSize, subscription.LongPollingTimeout.ToTimeSpan()));
        Assert.Equal(17, answer.Settings.BackoffPolicy.MaxAttempts);
        Assert.Equal(
            ["00:00:01", "00:00:05", "00:00:10", "00:00:30", "00:01:00", "00:02:00", "00:03:00", "00:04:00", "00:05:00", "00:06:00", "00:07:00", "00:08:00", "00:09:00", "00:10:00", "00:20:00", "00:30:00", "01:00:00", "02:00:00"],
            answer.Settings.BackoffPolicy.CustomizedBackoff.Next.Select(d => d.ToTimeSpan().ToString()));
    }

    [Fact]
    public async Task Settings_with_neither_publishing_nor_subscription_end_the_stream_with_invalid_argument()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);
        using var stream = raw.Service.Telemetry(new CallOptions(raw.Headers, cancellationToken: TestContext.Current.CancellationToken));

        await stream.RequestStream.WriteAsync(new TelemetryCommand { Settings = new Settings { ClientType = ClientType.Producer } }, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        Assert.Equal((StatusCode.InvalidArgument, "there is no publishing or subscription data in settings"), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task Heartbeat_and_termination_of_a_client_that_sent_no_settings_are_unrecognized()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);

        var heartbeat = await raw.Service.HeartbeatAsync(new HeartbeatRequest { ClientType = ClientType.Producer }, raw.Call());
        var termination = await raw.Service.NotifyClientTerminationAsync(new NotifyClientTerminationRequest(), raw.Call());

        Assert.Equal((Code.UnrecognizedClientType, "cannot find client settings for this client"), (heartbeat.Status.Code, heartbeat.Status.Message));
        Assert.Equal(Code.UnrecognizedClientType, termination.Status.Code);
    }

    [Fact]
    public async Task With_an_advertised_endpoint_routes_and_assignments_name_it_instead_of_the_address_dialled()
    {
        await using var harness = await BrokerHarness.StartAsync(o => o.AdvertisedEndpoint = "edge.example:18081");
        using var raw = new RawClient(harness.Broker.Endpoint);
        var accessPoint = new Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = "127.0.0.1", Port = harness.Broker.Port } } };
        var advertised = new Endpoints { Scheme = AddressScheme.DomainName, Addresses = { new Address { Host = "edge.example", Port = 18081 } } };

        var route = await raw.Service.QueryRouteAsync(new QueryRouteRequest { Topic = RawClient.Resource(BrokerHarness.TransactionTopic), Endpoints = accessPoint }, raw.Call());
        var assignment = await raw.Service.QueryAssignmentAsync(
            new QueryAssignmentRequest { Topic = RawClient.Resource(BrokerHarness.TransactionTopic), Group = RawClient.Resource("points-service"), Endpoints = accessPoint },
            raw.Call());

        Assert.All(route.MessageQueues, q => Assert.Equal(advertised, q.Broker.Endpoints));
        Assert.Equal(advertised, Assert.Single(assignment.Assignments).MessageQueue.Broker.Endpoints);
    }

    [Fact]
    public async Task Routes_list_the_topics_queues_read_write_on_broker_zero_at_the_access_point_the_client_used()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);
        var accessPoint = new Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = "127.0.0.1", Port = harness.Broker.Port } } };

        var route = await raw.Service.QueryRouteAsync(new QueryRouteRequest { Topic = RawClient.Resource(BrokerHarness.TransactionTopic), Endpoints = accessPoint }, raw.Call());
        var unknown = await raw.Service.QueryRouteAsync(new QueryRouteRequest { Topic = RawClient.Resource("never-created"), Endpoints = accessPoint }, raw.Call());
        var system = await raw.Service.QueryRouteAsync(new QueryRouteRequest { Topic = RawClient.Resource("RMQ_SYS_TRANS_HALF_TOPIC") }, raw.Call());

        Assert.Equal(Code.Ok, route.Status.Code);
        Assert.Equal(Enumerable.Range(0, 8), route.MessageQueues.Select(q => q.Id));
        Assert.All(route.MessageQueues, q =>
        {
            Assert.Equal(Permission.ReadWrite, q.Permission);
            Assert.Equal(("broker-a", 0, accessPoint), (q.Broker.Name, q.Broker.Id, q.Broker.Endpoints));
            Assert.Equal([MessageType.Transaction], q.AcceptMessageTypes);
        });
        Assert.Equal(Code.TopicNotFound, unknown.Status.Code);
        Assert.Equal(Code.IllegalTopic, system.Status.Code);
    }

    [Theory]
    [InlineData(BrokerHarness.NormalTopic, MessageType.Transaction, 1, Code.MessagePropertyConflictWithType)]
    [InlineData(BrokerHarness.TransactionTopic, MessageType.Normal, 1, Code.MessagePropertyConflictWithType)]
    [InlineData("never-created", MessageType.Normal, 1, Code.MessagePropertyConflictWithType)] // the type check runs before the route lookup
    [InlineData(BrokerHarness.NormalTopic, MessageType.Normal, 4 * 1024 * 1024 + 1, Code.MessageBodyTooLarge)]
    [InlineData(BrokerHarness.NormalTopic, MessageType.Normal, 0, Code.MessageBodyEmpty)]
    [InlineData("bad topic!", MessageType.Normal, 1, Code.IllegalTopic)]
    public async Task Sends_the_proxy_refuses_carry_its_codes(string topic, MessageType type, int bodySize, Code expected)
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);

        var response = await raw.Service.SendMessageAsync(new SendMessageRequest { Messages = { RawClient.Message(topic, bodySize, type) } }, raw.Call());

        Assert.Equal(expected, response.Status.Code);
        Assert.Empty(response.Entries);
    }

    [Fact]
    public async Task A_half_message_answers_its_message_id_as_transaction_id_and_ends_once()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);
        var half = RawClient.Message(BrokerHarness.TransactionTopic, type: MessageType.Transaction);
        var end = new EndTransactionRequest
        {
            Topic = RawClient.Resource(BrokerHarness.TransactionTopic),
            MessageId = half.SystemProperties.MessageId,
            TransactionId = half.SystemProperties.MessageId,
            Resolution = Apache.Rocketmq.V2.TransactionResolution.Commit,
        };

        var sent = await raw.Service.SendMessageAsync(new SendMessageRequest { Messages = { half } }, raw.Call());
        var first = await raw.Service.EndTransactionAsync(end, raw.Call());
        var second = await raw.Service.EndTransactionAsync(end, raw.Call());
        var blank = await raw.Service.EndTransactionAsync(new EndTransactionRequest { Topic = end.Topic, Resolution = Apache.Rocketmq.V2.TransactionResolution.Commit }, raw.Call());

        var entry = Assert.Single(sent.Entries);
        Assert.Equal((Code.Ok, half.SystemProperties.MessageId, half.SystemProperties.MessageId), (entry.Status.Code, entry.MessageId, entry.TransactionId));
        Assert.Equal(Code.Ok, sent.Status.Code);
        Assert.Equal(Code.Ok, first.Status.Code);
        Assert.Equal(Code.InternalServerError, second.Status.Code);
        Assert.EndsWith("cannot found transaction data", second.Status.Message, StringComparison.Ordinal);
        Assert.Equal(Code.InvalidTransactionId, blank.Status.Code);
        Assert.Equal(1, Assert.Single(harness.Inspector.TakeSnapshot().Topics, t => t.Name == BrokerHarness.TransactionTopic).Stored);
    }

    [Fact]
    public async Task Receives_answer_a_status_frame_then_messages_then_the_delivery_timestamp_and_refuse_what_the_proxy_refuses()
    {
        await using var harness = await BrokerHarness.StartAsync(o => o.MinReceiveInvisibleDuration = TimeSpan.FromSeconds(10));
        using var raw = new RawClient(harness.Broker.Endpoint);
        var request = new ReceiveMessageRequest
        {
            Group = RawClient.Resource(Group),
            MessageQueue = new MessageQueue { Topic = RawClient.Resource(BrokerHarness.NormalTopic), Broker = new Broker { Name = "broker-a" } },
            FilterExpression = new FilterExpression { Type = FilterType.Tag, Expression = "*" },
            BatchSize = 64,
            InvisibleDuration = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            LongPollingTimeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(200)),
        };

        var withoutSettings = await raw.ReceiveFramesAsync(request);
        var (_, stream) = await raw.HandshakeAsync(RawClient.ConsumerSettings(Group, BrokerHarness.NormalTopic));
        using var _ = stream;
        var empty = await raw.ReceiveFramesAsync(request);
        var tooShort = await raw.ReceiveFramesAsync(request.Clone().WithInvisible(TimeSpan.FromSeconds(9)));
        var noTimeLeft = await raw.ReceiveFramesAsync(request, timeout: TimeSpan.FromMilliseconds(50));
        var sent = RawClient.Message(BrokerHarness.NormalTopic);
        await raw.Service.SendMessageAsync(new SendMessageRequest { Messages = { sent } }, raw.Call());
        var found = await raw.ReceiveFramesAsync(request);

        Assert.Equal(Code.InternalServerError, withoutSettings[0].Status.Code);
        Assert.Equal(
            [ReceiveMessageResponse.ContentOneofCase.Status, ReceiveMessageResponse.ContentOneofCase.DeliveryTimestamp],
            empty.Select(f => f.ContentCase));
        Assert.Equal((Code.MessageNotFound, "no new message"), (empty[0].Status.Code, empty[0].Status.Message));
        Assert.Equal((Code.IllegalInvisibleTime, "the invisibleTime is too small. min is 10000"), (tooShort[0].Status.Code, tooShort[0].Status.Message));
        Assert.Equal(Code.IllegalPollingTime, noTimeLeft[0].Status.Code);
        Assert.Equal(
            [ReceiveMessageResponse.ContentOneofCase.Status, ReceiveMessageResponse.ContentOneofCase.Message, ReceiveMessageResponse.ContentOneofCase.DeliveryTimestamp],
            found.Select(f => f.ContentCase));
        var system = found[1].Message.SystemProperties;
        Assert.Equal((sent.SystemProperties.MessageId, 1, DigestType.Md5, "93B885ADFE0DA089CDF634904FD59F71"), (system.MessageId, system.DeliveryAttempt, system.BodyDigest.Type, system.BodyDigest.Checksum));
        Assert.True(system.HasReceiptHandle && system.HasQueueOffset && system.StoreTimestamp is not null);
        Assert.Null(system.InvisibleDuration);
    }

    [Fact]
    public async Task Acks_answer_per_entry_and_refuse_expired_and_malformed_handles()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);
        var expired = "0 1000 1000 0 0 broker-a 0 0 1"; // popped in 1970 for a second
        var request = new AckMessageRequest
        {
            Group = RawClient.Resource(Group),
            Topic = RawClient.Resource(BrokerHarness.NormalTopic),
            Entries = { new AckMessageEntry { MessageId = "A", ReceiptHandle = expired }, new AckMessageEntry { MessageId = "B", ReceiptHandle = "garbage" } },
        };

        var response = await raw.Service.AckMessageAsync(request, raw.Call());
        var change = await raw.Service.ChangeInvisibleDurationAsync(
            new ChangeInvisibleDurationRequest { Group = request.Group, Topic = request.Topic, ReceiptHandle = expired, InvisibleDuration = Duration.FromTimeSpan(TimeSpan.FromDays(1)) },
            raw.Call());

        Assert.Equal(Code.MultipleResults, response.Status.Code);
        Assert.Equal(
            [("A", expired, Code.InvalidReceiptHandle), ("B", "garbage", Code.InternalServerError)],
            response.Entries.Select(e => (e.MessageId, e.ReceiptHandle, e.Status.Code)));
        Assert.Equal((Code.IllegalInvisibleTime, "the invisibleTime is too large. max is 43200000"), (change.Status.Code, change.Status.Message));
    }

    [Fact]
    public async Task Rpcs_the_proxy_does_not_serve_are_grpc_unimplemented()
    {
        await using var harness = await BrokerHarness.StartAsync();
        using var raw = new RawClient(harness.Broker.Endpoint);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await raw.Service.GetOffsetAsync(new GetOffsetRequest(), raw.Call()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}

internal static class ReceiveRequests
{
    public static ReceiveMessageRequest WithInvisible(this ReceiveMessageRequest request, TimeSpan invisible)
    {
        request.InvisibleDuration = Duration.FromTimeSpan(invisible);
        return request;
    }
}
