using System.Net;
using System.Net.Sockets;

namespace PointsDemo.LocalPostgres;

/// <summary>Picks a loopback TCP port that nothing listens on right now.</summary>
public static class FreePort
{
    /// <summary>
    /// A port free now. Another process can take it before the server binds it: <see cref="PostgresCluster"/>
    /// notices that ("Address already in use") and tries again with a new port.
    /// </summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
