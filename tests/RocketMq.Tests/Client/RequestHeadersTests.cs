using Grpc.Core;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class RequestHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid RequestId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void Without_credentials_sends_the_identity_headers_only()
    {
        var headers = new RequestHeaders("host@1@1@X", new RocketMqOptions { Endpoints = "127.0.0.1:8081" }).Create(Now, RequestId);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["x-mq-client-id"] = "host@1@1@X",
                ["x-mq-language"] = "DOTNET",
                ["x-mq-client-version"] = RequestHeaders.Version,
                ["x-mq-request-id"] = "0f8fad5b-d9cb-469f-a165-70867728950e",
                ["x-mq-namespace"] = "",
                ["x-mq-date-time"] = "20260101T000000Z",
            },
            ToDictionary(headers));
    }

    [Fact]
    public void With_credentials_signs_the_date_time_and_sends_the_session_token()
    {
        var options = new RocketMqOptions
        {
            Endpoints = "127.0.0.1:8081",
            AccessKey = "AK",
            SecretKey = "secret",
            SessionToken = "token",
            Namespace = "ns",
        };

        var headers = ToDictionary(new RequestHeaders("id", options).Create(Now, RequestId));

        Assert.Equal("ns", headers["x-mq-namespace"]);
        Assert.Equal("token", headers["x-mq-session-token"]);
        Assert.Equal(
            "MQv2-HMAC-SHA1 Credential=AK, SignedHeaders=x-mq-date-time, Signature=F362C6EEE72C80EF5F7B762C1B09229C3C8E8747",
            headers["authorization"]);
    }

    [Fact]
    public void Each_second_has_its_own_date_time_and_signature()
    {
        var headers = new RequestHeaders("id", new RocketMqOptions { Endpoints = "127.0.0.1:8081", AccessKey = "AK", SecretKey = "secret" });

        var first = ToDictionary(headers.Create(Now.AddMilliseconds(900), Guid.NewGuid()));
        var next = ToDictionary(headers.Create(Now.AddSeconds(1), Guid.NewGuid()));
        var back = ToDictionary(headers.Create(Now, Guid.NewGuid()));

        Assert.Equal("20260101T000000Z", first["x-mq-date-time"]);
        Assert.EndsWith("Signature=F362C6EEE72C80EF5F7B762C1B09229C3C8E8747", first["authorization"], StringComparison.Ordinal);
        Assert.Equal("20260101T000001Z", next["x-mq-date-time"]);
        Assert.EndsWith($"Signature={RequestSignature.Compute("secret", "20260101T000001Z")}", next["authorization"], StringComparison.Ordinal);
        Assert.Equal((first["x-mq-date-time"], first["authorization"]), (back["x-mq-date-time"], back["authorization"]));
        Assert.NotEqual(first["x-mq-request-id"], back["x-mq-request-id"]);
    }

    [Fact]
    public void Formats_the_date_time_in_utc_whatever_the_offset() =>
        Assert.Equal("20261123T101500Z", RequestHeaders.FormatDateTime(new DateTimeOffset(2026, 11, 23, 12, 15, 0, TimeSpan.FromHours(2))));

    [Fact]
    public void The_version_is_the_librarys_without_build_metadata()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+", RequestHeaders.Version);
        Assert.DoesNotContain('+', RequestHeaders.Version);
    }

    private static Dictionary<string, string> ToDictionary(Metadata headers) => headers.ToDictionary(e => e.Key, e => e.Value);
}
