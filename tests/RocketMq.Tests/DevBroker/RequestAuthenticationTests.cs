using Apache.Rocketmq.V2;
using Grpc.Core;
using PointsDemo.RocketMq.DevBroker.Grpc;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.DevBroker;

public sealed class RequestAuthenticationTests
{
    private const string DateTime = "20260101T000000Z";

    private readonly RequestAuthentication _authentication = new("AK", "secret");

    [Fact]
    public void The_same_valid_headers_are_accepted_each_time() =>
        Assert.All(Enumerable.Range(0, 3), _ => Assert.Null(_authentication.Refusal(Signed("AK", "secret", DateTime))));

    [Fact]
    public void Headers_accepted_before_do_not_let_a_wrong_signature_of_the_same_second_through()
    {
        Assert.Null(_authentication.Refusal(Signed("AK", "secret", DateTime)));

        Assert.Equal(Code.Unauthorized, _authentication.Refusal(Signed("AK", "not-the-secret", DateTime))?.Code);
    }

    [Fact]
    public void Headers_accepted_before_do_not_let_their_signature_through_with_another_date_time()
    {
        var accepted = Signed("AK", "secret", DateTime);
        Assert.Null(_authentication.Refusal(accepted));

        var replayed = new Metadata
        {
            { RequestAuthentication.AuthorizationHeader, accepted.GetValue(RequestAuthentication.AuthorizationHeader)! },
            { RequestAuthentication.DateTimeHeader, "20260101T000001Z" },
        };

        Assert.Equal(Code.Unauthorized, _authentication.Refusal(replayed)?.Code);
    }

    private static Metadata Signed(string accessKey, string secretKey, string dateTime) => new()
    {
        { RequestAuthentication.AuthorizationHeader, RequestSignature.Authorization(accessKey, secretKey, dateTime) },
        { RequestAuthentication.DateTimeHeader, dateTime },
    };
}
