using System.Diagnostics;
using System.IO.Compression;
using Apache.Rocketmq.V2;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PointsDemo.RocketMq.Internal.Consuming;
using PointsDemo.RocketMq.Internal.Transport;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class MessageViewsTests
{
    private static readonly Endpoint Broker = new("127.0.0.1", 8081);

    [Fact]
    public void Reads_every_field_a_delivered_message_carries()
    {
        var born = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
        var message = Delivered("hello"u8.ToArray());
        message.UserProperties["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        message.UserProperties["tracestate"] = "vendor=1";
        message.SystemProperties.Tag = "UserRegistered";
        message.SystemProperties.Keys.Add("registration-1");
        message.SystemProperties.BornTimestamp = Timestamp.FromDateTimeOffset(born);
        message.SystemProperties.BornHost = "user-service";
        message.SystemProperties.StoreTimestamp = Timestamp.FromDateTimeOffset(born.AddMilliseconds(5));
        message.SystemProperties.DeliveryAttempt = 3;
        message.SystemProperties.QueueId = 2;
        message.SystemProperties.QueueOffset = 41;
        message.SystemProperties.ReceiptHandle = "handle-1";

        var view = MessageViews.From(message, Broker);

        Assert.Equal("01ID", view.MessageId);
        Assert.Equal("user-registered", view.Topic);
        Assert.Equal("UserRegistered", view.Tag);
        Assert.Equal(["registration-1"], view.Keys);
        Assert.Equal("hello"u8.ToArray(), view.Body.ToArray());
        Assert.Equal(born, view.BornTimestamp);
        Assert.Equal("user-service", view.BornHost);
        Assert.Equal(born.AddMilliseconds(5), view.StoreTimestamp);
        Assert.Equal(3, view.DeliveryAttempt);
        Assert.Equal(2, view.QueueId);
        Assert.Equal(41, view.QueueOffset);
        Assert.Null(view.MessageGroup);
        Assert.False(view.IsCorrupted);
        Assert.Equal("handle-1", view.ReceiptHandle);
        Assert.Equal(Broker, view.Endpoint);
        Assert.Equal("vendor=1", view.Properties["tracestate"]);
        var trace = Assert.NotNull(view.TraceContext);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", trace.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", trace.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, trace.TraceFlags);
        Assert.Equal("vendor=1", trace.TraceState);
        Assert.True(trace.IsRemote);
    }

    [Fact]
    public void Falls_back_to_the_system_trace_context_and_to_no_context()
    {
        var message = Delivered("x"u8.ToArray());
        Assert.Null(MessageViews.From(message, Broker).TraceContext);

        message.SystemProperties.TraceContext = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
        Assert.Equal("b7ad6b7169203331", MessageViews.From(message, Broker).TraceContext!.Value.SpanId.ToHexString());

        message.UserProperties["traceparent"] = "not a traceparent";
        Assert.Equal("b7ad6b7169203331", MessageViews.From(message, Broker).TraceContext!.Value.SpanId.ToHexString());
    }

    [Fact]
    public void Flags_a_body_that_does_not_match_its_digest_but_still_returns_it()
    {
        var message = Delivered("hello"u8.ToArray());
        message.SystemProperties.BodyDigest.Checksum = "00000000000000000000000000000000";

        var view = MessageViews.From(message, Broker);

        Assert.True(view.IsCorrupted);
        Assert.Equal("hello"u8.ToArray(), view.Body.ToArray());
    }

    [Fact]
    public void Checks_the_digest_on_the_compressed_bytes_then_inflates_them()
    {
        var compressed = BodyDigestTests.Compress("a compressed body"u8.ToArray(), s => new GZipStream(s, CompressionLevel.Optimal));
        var message = Delivered(compressed);
        message.SystemProperties.BodyEncoding = Apache.Rocketmq.V2.Encoding.Gzip;

        var view = MessageViews.From(message, Broker);

        Assert.False(view.IsCorrupted);
        Assert.Equal("a compressed body"u8.ToArray(), view.Body.ToArray());
    }

    [Fact]
    public void A_gzip_body_that_does_not_inflate_counts_as_corrupted()
    {
        byte[] broken = [0x1F, 0x8B, 1, 2, 3];
        var message = Delivered(broken);
        message.SystemProperties.BodyEncoding = Apache.Rocketmq.V2.Encoding.Gzip;

        var view = MessageViews.From(message, Broker);

        Assert.True(view.IsCorrupted);
        Assert.Equal(broken, view.Body.ToArray());
    }

    [Fact]
    public void A_check_back_message_without_delivery_fields_reads_as_a_first_attempt_without_handle()
    {
        var view = MessageViews.From(Delivered("x"u8.ToArray()), Broker);

        Assert.Equal(1, view.DeliveryAttempt);
        Assert.Null(view.ReceiptHandle);
        Assert.Null(view.StoreTimestamp);
        Assert.Null(view.QueueOffset);
    }

    [Fact]
    public void Refuses_a_message_without_system_properties_or_id()
    {
        Assert.Throws<FormatException>(() => MessageViews.From(new ProtoMessage { Topic = new Resource { Name = "t" } }, Broker));
        var noId = Delivered("x"u8.ToArray());
        noId.SystemProperties.MessageId = "";
        Assert.Throws<FormatException>(() => MessageViews.From(noId, Broker));
    }

    [Fact]
    public void The_views_properties_cannot_be_changed_through_a_cast()
    {
        var view = MessageViews.From(Delivered("x"u8.ToArray()), Broker);

        var properties = Assert.IsAssignableFrom<IDictionary<string, string>>(view.Properties);
        Assert.True(properties.IsReadOnly);
    }

    internal static ProtoMessage Delivered(byte[] body) => new()
    {
        Topic = new Resource { Name = "user-registered" },
        Body = ByteString.CopyFrom(body),
        SystemProperties = new SystemProperties
        {
            MessageId = "01ID",
            BodyEncoding = Apache.Rocketmq.V2.Encoding.Identity,
            MessageType = MessageType.Transaction,
            BodyDigest = new Digest { Type = DigestType.Md5, Checksum = BodyDigest.Compute(DigestType.Md5, body)! },
            BornTimestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
        },
    };
}
