using System.Diagnostics;
using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging.Abstractions;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Producing;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class MessageEncoderTests
{
    [Fact]
    public void Encodes_what_a_producer_sends()
    {
        using var context = Context("ns");
        var message = new Message("user-registered", "{}"u8.ToArray())
        {
            Tag = "UserRegistered",
            Keys = ["registration-1"],
            Properties = new Dictionary<string, string> { ["source"] = "test" },
            OrphanedTransactionRecoveryDuration = TimeSpan.FromSeconds(30),
        };

        var encoded = MessageEncoder.Encode(message, "01ID", MessageType.Transaction, context, trace: null);

        Assert.Equal("ns", encoded.Topic.ResourceNamespace);
        Assert.Equal("user-registered", encoded.Topic.Name);
        Assert.Equal("{}"u8.ToArray(), encoded.Body.ToByteArray());
        Assert.Equal("test", encoded.UserProperties["source"]);
        var system = encoded.SystemProperties;
        Assert.Equal("01ID", system.MessageId);
        Assert.Equal("UserRegistered", system.Tag);
        Assert.Equal(["registration-1"], system.Keys);
        Assert.Equal(Apache.Rocketmq.V2.Encoding.Identity, system.BodyEncoding);
        Assert.Equal(MessageType.Transaction, system.MessageType);
        Assert.Equal(ClientContext.HostName, system.BornHost);
        Assert.Equal(TimeSpan.FromSeconds(30), system.OrphanedTransactionRecoveryDuration.ToTimeSpan());
        Assert.False(system.HasMessageGroup);
        Assert.Null(system.BodyDigest); // the official clients send none; the broker computes its own
    }

    [Fact]
    public void Carries_the_send_spans_w3c_context_in_properties_and_system_trace_context()
    {
        using var context = Context();
        using var listener = ListenToEverything();
        using var source = new ActivitySource("test");
        using var span = source.StartActivity("send", ActivityKind.Producer)!;
        span.TraceStateString = "vendor=1";

        var encoded = MessageEncoder.Encode(new Message("t", "x"u8.ToArray()), "01ID", MessageType.Normal, context, span);

        var expected = $"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-01";
        Assert.Equal(expected, encoded.UserProperties["traceparent"]);
        Assert.Equal("vendor=1", encoded.UserProperties["tracestate"]);
        Assert.Equal(expected, encoded.SystemProperties.TraceContext);
    }

    [Fact]
    public void Without_any_span_the_message_carries_no_trace_context()
    {
        using var context = Context();
        Assert.Null(Activity.Current);

        var encoded = MessageEncoder.Encode(new Message("t", "x"u8.ToArray()), "01ID", MessageType.Normal, context, trace: null);

        Assert.False(encoded.UserProperties.ContainsKey("traceparent"));
        Assert.False(encoded.SystemProperties.HasTraceContext);
    }

    [Fact]
    public void Chooses_the_type_like_the_official_clients()
    {
        Assert.Equal(MessageType.Transaction, MessageEncoder.TypeOf(new Message("t", default), transactional: true));
        Assert.Equal(MessageType.Fifo, MessageEncoder.TypeOf(new Message("t", default) { MessageGroup = "g" }, transactional: false));
        Assert.Equal(MessageType.Normal, MessageEncoder.TypeOf(new Message("t", default), transactional: false));
    }

    [Fact]
    public void Refuses_combinations_the_broker_would_refuse()
    {
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message("t", default) { MessageGroup = "g" }, transactional: true));
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message("t", default) { OrphanedTransactionRecoveryDuration = TimeSpan.FromSeconds(1) }, transactional: false));
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message("t", default) { OrphanedTransactionRecoveryDuration = TimeSpan.FromSeconds(-1) }, transactional: true));
        Assert.Throws<ArgumentException>(() => MessageEncoder.Validate(new Message(" ", default), transactional: false));
    }

    [Fact]
    public void Reads_the_receipt_of_the_one_message_sent()
    {
        var ok = new SendMessageResponse
        {
            Status = new Apache.Rocketmq.V2.Status { Code = Code.Ok },
            Entries = { new SendResultEntry { Status = new Apache.Rocketmq.V2.Status { Code = Code.Ok }, MessageId = "01ID", TransactionId = "01ID", Offset = 7 } },
        };
        Assert.Equal(new SendReceipt("01ID", "01ID", 7), MessageSender.ReadReceipt(ok));

        var refused = new SendMessageResponse
        {
            Status = new Apache.Rocketmq.V2.Status { Code = Code.MessagePropertyConflictWithType, Message = "type mismatch" },
            Entries = { new SendResultEntry { Status = new Apache.Rocketmq.V2.Status { Code = Code.MessagePropertyConflictWithType, Message = "type mismatch" } } },
        };
        Assert.Equal(RocketMqStatusCode.MessagePropertyConflictWithType, Assert.Throws<BadRequestException>(() => MessageSender.ReadReceipt(refused)).Code);

        var empty = new SendMessageResponse { Status = new Apache.Rocketmq.V2.Status { Code = Code.Ok } };
        Assert.IsType<InternalErrorException>(Record.Exception(() => MessageSender.ReadReceipt(empty)));
    }

    private static ClientContext Context(string @namespace = "") =>
        new(new RocketMqOptions { Endpoints = "127.0.0.1:8081", Namespace = @namespace }, NullLoggerFactory.Instance, TimeProvider.System);

    private static ActivityListener ListenToEverything()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
