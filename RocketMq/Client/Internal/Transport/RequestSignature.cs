using System.Security.Cryptography;
using System.Text;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>
/// The <c>authorization</c> header of a signed request: HMAC-SHA1 keyed with the secret over the
/// exact <c>x-mq-date-time</c> value, in uppercase hex (protocol §2.3).
/// </summary>
internal static class RequestSignature
{
    public const string Algorithm = "MQv2-HMAC-SHA1";

    public static string Compute(string secretKey, string dateTime)
    {
        // SHA-1 is what the protocol's signature scheme is defined with; the proxy verifies exactly this MAC.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.ASCII.GetBytes(secretKey), Encoding.ASCII.GetBytes(dateTime));
#pragma warning restore CA5350
        return Convert.ToHexString(mac);
    }

    public static string Authorization(string accessKey, string secretKey, string dateTime) =>
        $"{Algorithm} Credential={accessKey}, SignedHeaders={RequestHeaders.DateTime}, Signature={Compute(secretKey, dateTime)}";
}
