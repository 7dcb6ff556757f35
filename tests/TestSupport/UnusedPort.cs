using System.Net;
using System.Net.Sockets;

namespace PointsDemo.TestSupport;

/// <summary>A loopback endpoint nothing listens on: a broker that is down.</summary>
public static class UnusedPort
{
    public static string Endpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }
}
