using System.Net;
using System.Net.Sockets;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// A listener on 127.0.0.1 that pipes every connection to a target port: the shape of a published
/// container port in front of a broker. It counts the connections it accepted, so a test can prove
/// a client's traffic went through it.
/// </summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public TcpForwarder()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The port connections go to; set once the target is listening (it may need <see cref="Endpoint"/> first).</summary>
    public int TargetPort { get; set; }

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        var pipes = new List<Task>();
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                pipes.Add(PipeAsync(inbound));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }

        await Task.WhenAll(pipes);
    }

    private async Task PipeAsync(TcpClient inbound)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, TargetPort, _stop.Token);
                using var link = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var a = inbound.GetStream();
                var b = outbound.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, link.Token), b.CopyToAsync(a, link.Token));
                await link.CancelAsync();
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // One side closed or the forwarder stopped; the connection ends either way.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
