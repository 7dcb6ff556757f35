using System.Globalization;
using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>
/// The configured endpoints (<c>host:port[;host:port]</c>): where routes are queried, and the
/// <c>access_point</c> sent in settings and route requests. Commas separate endpoints as well as
/// semicolons, since a connection string's <c>Endpoints=</c> value cannot hold an unquoted semicolon.
/// </summary>
internal sealed class AccessPoint
{
    public const string Format = "host:port[;host:port]";

    private AccessPoint(IReadOnlyList<Endpoint> endpoints)
    {
        Endpoints = endpoints;
        var first = endpoints[0];
        // Addresses of one IP family travel together; otherwise only the first one, since the
        // official clients refuse several addresses under the domain-name scheme.
        var sameFamily = first.Scheme != AddressScheme.DomainName && endpoints.All(e => e.Scheme == first.Scheme);
        var sent = new Endpoints { Scheme = first.Scheme };
        foreach (var endpoint in sameFamily ? endpoints : [first])
        {
            sent.Addresses.Add(new Address { Host = endpoint.Host, Port = endpoint.Port });
        }

        Proto = sent;
    }

    /// <summary>The endpoints, in the configured order.</summary>
    public IReadOnlyList<Endpoint> Endpoints { get; }

    /// <summary>The endpoints as the protocol carries them.</summary>
    public Endpoints Proto { get; }

    public override string ToString() => string.Join(";", Endpoints);

    public static AccessPoint Parse(string? value) =>
        TryParse(value, out var accessPoint, out var error) ? accessPoint : throw new FormatException(error);

    public static bool TryParse(string? value, out AccessPoint accessPoint, out string error)
    {
        accessPoint = null!;
        var endpoints = new List<Endpoint>();
        foreach (var part in (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseEndpoint(part, out var endpoint))
            {
                error = $"'{part}' is not host:port (expected {Format})";
                return false;
            }

            endpoints.Add(endpoint);
        }

        if (endpoints.Count == 0)
        {
            error = $"no endpoint given (expected {Format})";
            return false;
        }

        accessPoint = new AccessPoint(endpoints);
        error = "";
        return true;
    }

    private static bool TryParseEndpoint(string text, out Endpoint endpoint)
    {
        endpoint = default;
        // Tolerate a scheme, as the official clients do; TLS is chosen by the EnableTls option.
        foreach (var scheme in (ReadOnlySpan<string>)["http://", "https://"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                text = text[scheme.Length..].TrimEnd('/');
            }
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            // An IPv6 literal needs brackets to be told apart from its port.
            return false;
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            return false;
        }

        endpoint = new Endpoint(host, port);
        return true;
    }
}
