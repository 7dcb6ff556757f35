using System.Net;
using System.Net.Sockets;

namespace PointsDemo.TestSupport;

/// <summary>
/// A TCP proxy on loopback in front of a server (the broker, PostgreSQL) that can go silent, as an
/// orchestrator's proxy does when the process behind it stops (it keeps accepting connections but
/// nothing comes back), or cut its connections, as the process's death does.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _frozen = new();
    private readonly CancellationTokenSource _stopped = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;

    /// <param name="target">Where connections are passed on: <c>127.0.0.1:port</c>.</param>
    /// <param name="port">The loopback port to listen on; a free one when 0.</param>
    public TcpProxy(string target, int port = 0)
    {
        _target = IPEndPoint.Parse(target);
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

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

            await upstream.ConnectAsync(_target, _stopped.Token);
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
