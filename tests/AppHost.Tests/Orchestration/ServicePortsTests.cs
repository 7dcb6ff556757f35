using System.Net;
using System.Net.Sockets;
using PointsDemo.AppHost.Orchestration;

namespace PointsDemo.AppHost.Tests.Orchestration;

public sealed class ServicePortsTests
{
    [Fact]
    public void A_free_preferred_port_is_kept()
    {
        var free = ListenerOnAnyPort(out var port);
        free.Dispose(); // now nobody listens on it

        Assert.Equal(port, ServicePorts.Choose(port));
    }

    [Fact]
    public void A_taken_preferred_port_gives_way_to_a_free_one()
    {
        using var taken = ListenerOnAnyPort(out var port);

        var chosen = ServicePorts.Choose(port);

        Assert.NotEqual(port, chosen);
        Assert.NotEqual(0, chosen);
    }

    [Fact]
    public void Zero_means_any_free_port() => Assert.NotEqual(0, ServicePorts.Choose(0));

    private static Socket ListenerOnAnyPort(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen();
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }
}
