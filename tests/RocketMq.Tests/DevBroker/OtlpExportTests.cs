using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.DevBroker;

/// <summary>
/// The dev broker run as its own program with the standard OTEL_* variables, as the Aspire AppHost
/// runs a project resource: its metrics and logs arrive at the OTLP endpoint, under the service name given.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_the_program_exports_its_metrics_and_logs_there()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            received.Enqueue((http.Request.Path, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync(ct);

        await using var broker = await BrokerProcess.StartAsync(
            ["--port", "0", "--topic", "user-registered:TRANSACTION", "--group", "points-service"],
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "rocketmq-under-test",
                ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=test",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            });
        await Eventually.MeetsAsync(
            () => received.ToArray(),
            all => all.Any(r => r.Path == "/v1/metrics" && Contains(r.Body, "rocketmq.broker.messages.retained"))
                && all.Any(r => r.Path == "/v1/logs" && Contains(r.Body, "Dev broker serving")),
            "the broker's metrics and logs at the collector");

        var metrics = received.First(r => r.Path == "/v1/metrics" && Contains(r.Body, "rocketmq.broker.messages.retained")).Body;
        Assert.True(Contains(metrics, "rocketmq-under-test"), "the service name from OTEL_SERVICE_NAME");
        Assert.True(Contains(metrics, "deployment.environment"), "the attributes from OTEL_RESOURCE_ATTRIBUTES");
        Assert.True(Contains(metrics, "user-registered"), "the topic attribute of the gauges");
    }

    /// <summary>OTLP bodies are protobuf, whose strings are plain UTF-8: enough to find names and values in.</summary>
    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
