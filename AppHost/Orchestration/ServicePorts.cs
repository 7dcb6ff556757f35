using System.Net;
using System.Net.Sockets;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>The URL a service listens on: the port asked for, or one that is free right now.</summary>
internal static class ServicePorts
{
    public static Uri UrlFor(int requestedPort)
    {
        var port = requestedPort;
        if (port == 0)
        {
            // The service binds it a moment later; if another process takes it first, the service
            // fails to start and says so: nothing is retried silently.
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        return new Uri($"http://localhost:{port}");
    }
}
