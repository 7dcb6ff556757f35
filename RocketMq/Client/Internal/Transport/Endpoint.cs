using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.Internal.Transport;

/// <summary>One gRPC address: the access point's, or a broker's from a route.</summary>
internal readonly record struct Endpoint(string Host, int Port)
{
    public AddressScheme Scheme =>
        IPAddress.TryParse(Host, out var ip)
            ? ip.AddressFamily == AddressFamily.InterNetworkV6 ? AddressScheme.Ipv6 : AddressScheme.Ipv4
            : AddressScheme.DomainName;

    /// <summary>The URI a gRPC channel dials.</summary>
    public Uri ToUri(bool tls) =>
        new($"{(tls ? "https" : "http")}://{(Scheme == AddressScheme.Ipv6 ? $"[{Host}]" : Host)}:{Port}");

    /// <summary>The broker endpoint of a route; the official clients use its first address.</summary>
    public static Endpoint FromProto(Endpoints endpoints)
    {
        if (endpoints is null || endpoints.Addresses.Count == 0)
        {
            throw new FormatException("The broker endpoints have no address.");
        }

        var address = endpoints.Addresses[0];
        return new Endpoint(address.Host, address.Port);
    }

    public override string ToString() =>
        Scheme == AddressScheme.Ipv6
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
