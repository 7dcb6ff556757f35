using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PointsDemo.Bench.Running.Deployed;

/// <summary>
/// Where the deployed system's telemetry goes: an OTLP/HTTP endpoint inside the bench that takes
/// every export and answers at once, as a collector beside the services would. The services pay
/// for recording, batching, serializing and sending, as in production; nothing here stores or
/// shows it, so the figures hold no dashboard's work. It counts what arrives, per signal.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SignalCount> _received = new(StringComparer.Ordinal);

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The value of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.</summary>
    public string Endpoint => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    /// <summary>Exports and bytes received so far, by path (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>).</summary>
    public IReadOnlyDictionary<string, SignalCount> Received => _received;

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.MapPost("/v1/{signal}", receiver.TakeAsync);
        await receiver._app.StartAsync(cancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task TakeAsync(HttpContext context)
    {
        var bytes = 0L;
        var buffer = new byte[16 * 1024];
        for (int read; (read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0;)
        {
            bytes += read;
        }

        _received.AddOrUpdate(context.Request.Path, new SignalCount(1, bytes), (_, count) => new SignalCount(count.Exports + 1, count.Bytes + bytes));
        // An empty Export*ServiceResponse is zero bytes of protobuf: full success.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }
}

/// <summary>Exports of one signal and their bytes.</summary>
internal sealed record SignalCount(long Exports, long Bytes);
