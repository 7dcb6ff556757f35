using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class RequestSignatureTests
{
    [Fact]
    public void Signs_the_date_time_with_hmac_sha1_in_uppercase_hex()
    {
        // printf %s 20260101T000000Z | openssl dgst -sha1 -hmac secret
        //   → f362c6eee72c80ef5f7b762c1b09229c3c8e8747
        Assert.Equal("F362C6EEE72C80EF5F7B762C1B09229C3C8E8747", RequestSignature.Compute("secret", "20260101T000000Z"));
    }

    [Fact]
    public void Matches_the_reference_documents_test_vector()
    {
        Assert.Equal("B002FFC3996A13C395D4CD31455D1457C644FDA8", RequestSignature.Compute("mySecretKey", "20240102T030405Z"));
    }

    [Fact]
    public void Lays_out_the_authorization_header_as_the_proxy_parses_it()
    {
        Assert.Equal(
            "MQv2-HMAC-SHA1 Credential=AK, SignedHeaders=x-mq-date-time, Signature=F362C6EEE72C80EF5F7B762C1B09229C3C8E8747",
            RequestSignature.Authorization("AK", "secret", "20260101T000000Z"));
    }
}
