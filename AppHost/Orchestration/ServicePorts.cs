using System.Net;
using System.Net.Sockets;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>
/// The ports the services and the broker listen on: the usual ones when they are free, so the
/// URLs stay the same from run to run, otherwise (or when 0 is asked for) one that is free now.
/// </summary>
internal static class ServicePorts
{
    public const int UserService = 5101;
    public const int PointsService = 5102;
    public const int Broker = 8081;

    public static Uri UrlFor(int preferredPort) => new($"http://localhost:{Choose(preferredPort)}");

    /// <summary>
    /// <paramref name="preferredPort"/> if nothing listens on it, else a free port. The process
    /// binds it a moment later; if another one takes it first, that process fails to start and
    /// says so: nothing is retried silently.
    /// </summary>
    public static int Choose(int preferredPort)
    {
        if (preferredPort != 0 && TryBind(preferredPort, out _))
        {
            return preferredPort;
        }

        TryBind(0, out var free);
        return free;
    }

    private static bool TryBind(int port, out int bound)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            bound = ((IPEndPoint)probe.LocalEndPoint!).Port;
            return true;
        }
        catch (SocketException)
        {
            bound = 0;
            return false;
        }
    }
}
