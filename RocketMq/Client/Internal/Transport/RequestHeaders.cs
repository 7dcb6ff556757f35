using System.Globalization;
using System.Reflection;
using Grpc.Core;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>
/// The gRPC headers every call carries (protocol §2.1). A call's headers are a fresh collection,
/// but only the request id is new in each: the client's identity does not change, and the
/// date-time and its signature only once a second.
/// </summary>
internal sealed class RequestHeaders
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

    private readonly Metadata.Entry[] _identity;
    private readonly Metadata.Entry? _sessionToken;
    private readonly (string AccessKey, string SecretKey)? _credentials;

    // Every call of a busy client in the same second shares these; a call in a new second replaces them.
    private Stamp? _stamp;

    public RequestHeaders(string clientId, RocketMqOptions options)
    {
        // The options are the client's for its whole life, as its endpoints are (ClientContext).
        _identity =
        [
            new(ClientId, clientId),
            new(Language, LanguageName),
            new(ClientVersion, Version),
            new(Namespace, options.Namespace ?? ""),
        ];
        if (!string.IsNullOrEmpty(options.AccessKey) && !string.IsNullOrEmpty(options.SecretKey))
        {
            _credentials = (options.AccessKey, options.SecretKey);
            if (!string.IsNullOrEmpty(options.SessionToken))
            {
                _sessionToken = new(SessionToken, options.SessionToken);
            }
        }
    }

    public static string FormatDateTime(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public Metadata Create(DateTimeOffset now, Guid requestId)
    {
        var stamp = StampOf(now);
        var headers = new Metadata();
        foreach (var entry in _identity)
        {
            headers.Add(entry);
        }

        headers.Add(RequestId, requestId.ToString());
        headers.Add(stamp.DateTime);
        if (stamp.Authorization is not null)
        {
            headers.Add(stamp.Authorization);
            if (_sessionToken is not null)
            {
                headers.Add(_sessionToken);
            }
        }

        return headers;
    }

    private Stamp StampOf(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        if (Volatile.Read(ref _stamp) is { } current && current.Second == second)
        {
            return current;
        }

        // Calls that cross into a new second together may each build one; any of them is right.
        var dateTime = FormatDateTime(now);
        var stamp = new Stamp(
            second,
            new(DateTime, dateTime),
            _credentials is { } credentials ? new(Authorization, RequestSignature.Authorization(credentials.AccessKey, credentials.SecretKey, dateTime)) : null);
        Volatile.Write(ref _stamp, stamp);
        return stamp;
    }

    /// <summary>The headers of one second: its date-time and, for a signed client, that date-time's signature.</summary>
    private sealed record Stamp(long Second, Metadata.Entry DateTime, Metadata.Entry? Authorization);
}
