using Apache.Rocketmq.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// The generated gRPC client with hand-made headers, as a foreign RocketMQ client would call the
/// broker: no client library in between.
/// </summary>
internal sealed class RawClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public RawClient(string endpoint, string? clientId = "raw-client@1@1@test", string version = "5.0.7")
    {
        _channel = GrpcChannel.ForAddress($"http://{endpoint}");
        Service = new MessagingService.MessagingServiceClient(_channel);
        Headers = [new Metadata.Entry("x-mq-language", "JAVA"), new Metadata.Entry("x-mq-client-version", version)];
        if (clientId is not null)
        {
            Headers.Add("x-mq-client-id", clientId);
        }
    }

    public MessagingService.MessagingServiceClient Service { get; }

    public Metadata Headers { get; }

    public CallOptions Call(TimeSpan? timeout = null) =>
        new(Headers, DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

    public static Resource Resource(string name) => new() { Name = name };

    public static Settings ProducerSettings(params string[] topics) => new()
    {
        ClientType = ClientType.Producer,
        AccessPoint = new Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = "127.0.0.1", Port = 8081 } } },
        RequestTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)),
        Publishing = new Publishing { Topics = { topics.Select(Resource) }, ValidateMessageType = true },
        UserAgent = new UA { Language = Language.Java, Version = "5.0.7" },
    };

    public static Settings ConsumerSettings(string group, string topic) => new()
    {
        ClientType = ClientType.SimpleConsumer,
        RequestTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)),
        Subscription = new Subscription
        {
            Group = Resource(group),
            Subscriptions = { new SubscriptionEntry { Topic = Resource(topic), Expression = new FilterExpression { Type = FilterType.Tag, Expression = "*" } } },
            LongPollingTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
        },
    };

    public static Apache.Rocketmq.V2.Message Message(string topic, int bodySize = 1, MessageType type = MessageType.Normal, string? id = null) => new()
    {
        Topic = Resource(topic),
        Body = ByteString.CopyFrom(new byte[bodySize]),
        SystemProperties = new SystemProperties
        {
            MessageId = id ?? Guid.NewGuid().ToString("N").ToUpperInvariant(),
            MessageType = type,
            BornTimestamp = Timestamp.FromDateTime(DateTime.UtcNow),
            BodyEncoding = Apache.Rocketmq.V2.Encoding.Identity,
        },
    };

    /// <summary>Opens Telemetry, sends the settings and returns the broker's first answer with the open stream.</summary>
    public async Task<(TelemetryCommand Answer, AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand> Stream)> HandshakeAsync(Settings settings)
    {
        var stream = Service.Telemetry(new CallOptions(Headers, cancellationToken: TestContext.Current.CancellationToken));
        await stream.RequestStream.WriteAsync(new TelemetryCommand { Settings = settings }, TestContext.Current.CancellationToken);
        Assert.True(await stream.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        return (stream.ResponseStream.Current, stream);
    }

    /// <summary>Every frame of one ReceiveMessage call.</summary>
    public async Task<List<ReceiveMessageResponse>> ReceiveFramesAsync(ReceiveMessageRequest request, TimeSpan? timeout = null)
    {
        using var call = Service.ReceiveMessage(request, Call(timeout));
        var frames = new List<ReceiveMessageResponse>();
        await foreach (var frame in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            frames.Add(frame);
        }

        return frames;
    }

    public void Dispose() => _channel.Dispose();
}
