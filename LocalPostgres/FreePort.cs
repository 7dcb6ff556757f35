using System.Net;
using System.Net.Sockets;

namespace PointsDemo.LocalPostgres;

/// <summary>Picks a loopback TCP port that nothing listens on right now.</summary>
internal static class FreePort
{
    // Another process can take the port between this check and the server's bind; the cluster
    // notices that ("Address already in use") and tries again with a new port.
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
