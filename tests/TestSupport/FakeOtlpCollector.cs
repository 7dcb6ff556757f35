using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PointsDemo.TestSupport;

/// <summary>An OTLP/HTTP endpoint on loopback that accepts every export with 200 and keeps what was posted where.</summary>
public sealed class FakeOtlpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<OtlpExport> _exports = new();

    public FakeOtlpCollector()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>).</summary>
    public string Endpoint { get; }

    /// <summary>The exports so far, in arrival order.</summary>
    public IReadOnlyList<OtlpExport> Exports => [.. _exports];

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _exports.Enqueue(new OtlpExport(context.Request.Url!.AbsolutePath, body.ToArray()));
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or IOException)
            {
                return; // Closed.
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}

/// <summary>One export: the path it was posted to (<c>/v1/logs</c>, <c>/v1/traces</c>, <c>/v1/metrics</c>) and its protobuf body.</summary>
public sealed record OtlpExport(string Path, byte[] Body)
{
    /// <summary>Whether the body holds <paramref name="text"/> as UTF-8: protobuf keeps strings (log bodies, attribute values) as they are.</summary>
    public bool Contains(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
