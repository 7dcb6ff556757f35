using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Encoding = System.Text.Encoding;
using Apache.Rocketmq.V2;
using Grpc.Core;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

/// <summary>
/// The proxy's authentication of signed requests (<c>MQv2-HMAC-SHA1</c>, protocol "Signature"),
/// with its status for each failure: always UNAUTHORIZED (40100), the message saying which step
/// failed (no header, no date-time, a malformed header, an unknown access key, a wrong signature).
/// Only the <c>x-mq-date-time</c> value is signed, as the proxy verifies it; clock skew is not checked.
/// </summary>
internal sealed class RequestAuthentication(string accessKey, string secretKey)
{
    public const string AuthorizationHeader = "authorization";
    public const string DateTimeHeader = "x-mq-date-time";

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(secretKey);

    // A client signs a second's date-time once and sends that header on every call of the second:
    // the last pair found valid is accepted again without parsing the header or hashing.
    private Signed? _lastValid;

    /// <summary>Null when nothing is signed: every request is accepted.</summary>
    public static RequestAuthentication? From(DevBrokerOptions options) =>
        string.IsNullOrEmpty(options.AccessKey) ? null : new RequestAuthentication(options.AccessKey, options.SecretKey!);

    /// <summary>Why the request is refused, or null when its signature is valid for the known key.</summary>
    public Apache.Rocketmq.V2.Status? Refusal(Metadata headers)
    {
        var authorization = headers.GetValue(AuthorizationHeader);
        if (string.IsNullOrEmpty(authorization))
        {
            return Unauthorized("authentication header is null");
        }

        var dateTime = headers.GetValue(DateTimeHeader);
        if (string.IsNullOrEmpty(dateTime))
        {
            return Unauthorized("datetime is null");
        }

        if (Volatile.Read(ref _lastValid) is { } last && last.Matches(authorization, dateTime))
        {
            return null;
        }

        if (!TryParse(authorization, out var credential, out var signature))
        {
            return Unauthorized("authentication header is incorrect");
        }

        if (string.IsNullOrEmpty(credential))
        {
            return Unauthorized("username cannot be null.");
        }

        if (credential != accessKey)
        {
            return Unauthorized($"User:{credential} is not found.");
        }

        // SHA-1 is what the protocol's signature is defined with; compared in constant time.
#pragma warning disable CA5350
        var expected = HMACSHA1.HashData(_secret, Encoding.UTF8.GetBytes(dateTime));
#pragma warning restore CA5350
        if (signature is null || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return Unauthorized("check signature failed.");
        }

        Volatile.Write(ref _lastValid, new Signed(authorization, dateTime));
        return null;
    }

    /// <summary>
    /// <c>MQv2-HMAC-SHA1 Credential=ak, SignedHeaders=x-mq-date-time, Signature=HEX</c>: the part after
    /// the first space holds comma-separated <c>key=value</c> items; the credential's first
    /// <c>/</c>-separated element is the access key; the signature is hex in either case.
    /// </summary>
    private static bool TryParse(string authorization, out string? credential, out byte[]? signature)
    {
        credential = null;
        signature = null;
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return false;
        }

        foreach (var item in authorization[(space + 1)..].Split(','))
        {
            var pair = item.Trim().Split('=', 2);
            if (pair.Length != 2)
            {
                return false;
            }

            if (pair[0] == "Credential")
            {
                credential = pair[1].Split('/')[0];
            }
            else if (pair[0] == "Signature")
            {
                try
                {
                    signature = Convert.FromHexString(pair[1]);
                }
                catch (FormatException)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A header pair that passed every check.</summary>
    private sealed record Signed(string Authorization, string DateTime)
    {
        /// <summary>Compared in constant time, as the signature itself is: the time taken says nothing of how much matched.</summary>
        public bool Matches(string authorization, string dateTime) =>
            CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(Authorization.AsSpan()), MemoryMarshal.AsBytes(authorization.AsSpan()))
            && dateTime == DateTime;
    }

    private static Apache.Rocketmq.V2.Status Unauthorized(string message) => Statuses.Of(Code.Unauthorized, message);
}
