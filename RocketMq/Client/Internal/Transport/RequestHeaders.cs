using System.Globalization;
using System.Reflection;
using Grpc.Core;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>The gRPC headers every call carries (protocol §2.1); built fresh per call.</summary>
internal sealed class RequestHeaders(string clientId, RocketMqOptions options)
{
    public const string ClientId = "x-mq-client-id";
    public const string Language = "x-mq-language";
    public const string ClientVersion = "x-mq-client-version";
    public const string RequestId = "x-mq-request-id";
    public const string Namespace = "x-mq-namespace";
    public const string DateTime = "x-mq-date-time";
    public const string SessionToken = "x-mq-session-token";
    public const string Authorization = "authorization";

    /// <summary>The proxy parses this word into its own language enum; <c>DOTNET</c> is the C# client's.</summary>
    public const string LanguageName = "DOTNET";

    /// <summary>The library's version without the build metadata the SDK appends after '+'.</summary>
    public static readonly string Version =
        (typeof(RequestHeaders).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public static string FormatDateTime(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public Metadata Create(DateTimeOffset now, Guid requestId)
    {
        var dateTime = FormatDateTime(now);
        var headers = new Metadata
        {
            { ClientId, clientId },
            { Language, LanguageName },
            { ClientVersion, Version },
            { RequestId, requestId.ToString() },
            { Namespace, options.Namespace ?? "" },
            { DateTime, dateTime },
        };

        if (!string.IsNullOrEmpty(options.AccessKey) && !string.IsNullOrEmpty(options.SecretKey))
        {
            headers.Add(Authorization, RequestSignature.Authorization(options.AccessKey, options.SecretKey, dateTime));
            if (!string.IsNullOrEmpty(options.SessionToken))
            {
                headers.Add(SessionToken, options.SessionToken);
            }
        }

        return headers;
    }
}
