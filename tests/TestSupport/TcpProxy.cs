using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PointsDemo.TestSupport;

/// <summary>
/// A TCP proxy on loopback in front of a server (the broker, PostgreSQL): the shape of a published
/// container port. It can go silent, as an orchestrator's proxy does when the process behind it
/// stops (it keeps accepting connections but nothing comes back), or cut its connections, as the
/// process's death does. It counts what it carried, so a test can prove traffic went through it.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _frozen = new();
    private readonly CancellationTokenSource _stopped = new();
    private readonly List<TcpClient> _connections = [];
    private readonly ConcurrentDictionary<IPEndPoint, byte> _upstreamEndpoints = new();
    private readonly Task _accepting;
    private IPEndPoint? _target;
    private int _accepted;

    /// <param name="target">Where connections are passed on: <c>127.0.0.1:port</c>.</param>
    /// <param name="port">The loopback port to listen on; a free one when 0.</param>
    public TcpProxy(string target, int port = 0)
        : this(port) => Target = target;

    /// <summary>A proxy whose <see cref="Target"/> is set later, once the server it fronts listens.</summary>
    /// <param name="port">The loopback port to listen on; a free one when 0.</param>
    public TcpProxy(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>
    /// Where connections are passed on: <c>127.0.0.1:port</c>. A server may need <see cref="Endpoint"/>
    /// before it listens (to advertise it), so this can be set after construction; until it is,
    /// connections are closed as soon as they are accepted.
    /// </summary>
    public string? Target
    {
        get => Volatile.Read(ref _target)?.ToString();
        set => Volatile.Write(ref _target, value is null ? null : IPEndPoint.Parse(value));
    }

    /// <summary>How many connections the proxy accepted.</summary>
    public int Connections => Volatile.Read(ref _accepted);

    /// <summary>
    /// The local ends of the connections the proxy opened to the target: the peers the target saw
    /// for traffic that came through the proxy. A peer the target saw that is not among them
    /// reached it some other way.
    /// </summary>
    public IReadOnlyCollection<IPEndPoint> UpstreamEndpoints => [.. _upstreamEndpoints.Keys];

    /// <summary>From now on, nothing is passed on in either direction; connections stay open.</summary>
    public void Freeze() => _frozen.Cancel();

    /// <summary>Closes every connection, as the death of the process behind the proxy would.</summary>
    public void CutConnections()
    {
        lock (_connections)
        {
            _connections.ForEach(c => c.Client.Close(0));
            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }

        _frozen.Dispose();
        _stopped.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopped.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopped.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            var upstream = new TcpClient();
            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            if (_frozen.IsCancellationRequested)
            {
                continue; // accepted, never answered
            }

            if (Volatile.Read(ref _target) is not { } target)
            {
                client.Client.Close(0); // nothing to pass it on to yet
                continue;
            }

            try
            {
                await upstream.ConnectAsync(target, _stopped.Token);
            }
            catch (SocketException)
            {
                client.Client.Close(0); // nothing listens behind it: closed at once, as a published port of a stopped container is
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // The client's socket is dual-mode: its end reads as ::ffff:127.0.0.1, the target sees 127.0.0.1.
            var local = (IPEndPoint)upstream.Client.LocalEndPoint!;
            _upstreamEndpoints.TryAdd(new IPEndPoint(local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address, local.Port), 0);
            _ = PumpAsync(client.GetStream(), upstream.GetStream());
            _ = PumpAsync(upstream.GetStream(), client.GetStream());
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _frozen.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _frozen.Token);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Frozen, or the connection ended.
        }
    }
}
