using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PointsDemo.RocketMq;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// The client integration (<c>AddRocketMqProducer</c>) puts the client's ActivitySource and Meter into
/// the application's OpenTelemetry set-up itself (ServiceDefaults does not name them), unless its
/// settings turn that off: in the shared section, or in the connection's own.
/// </summary>
public sealed class RocketMqClientTelemetryTests
{
    [Theory]
    [InlineData("Aspire:RocketMq:Client", false)]
    [InlineData("Aspire:RocketMq:Client", true)]
    [InlineData("Aspire:RocketMq:Client:rocketmq", true)]
    public void The_client_s_spans_and_instruments_reach_the_application_s_exporters_unless_disabled(string section, bool disabled)
    {
        var spans = new Captured<Activity>();
        var metrics = new Captured<Metric>();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = "Endpoints=127.0.0.1:8081",
            [$"{section}:DisableTracing"] = disabled.ToString(),
            [$"{section}:DisableMetrics"] = disabled.ToString(),
        });
        builder.AddRocketMqProducer("rocketmq");
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans))
            .WithMetrics(metering => metering.AddInMemoryExporter(metrics));
        using var host = builder.Build();
        var tracerProvider = host.Services.GetRequiredService<TracerProvider>();
        var meterProvider = host.Services.GetRequiredService<MeterProvider>();

        // Names no other test uses: other tests in this process make the client's spans and measurements too.
        var spanName = $"probe {Guid.NewGuid():N}";
        var instrumentName = $"probe.{Guid.NewGuid():N}";
        RocketMqDiagnostics.ActivitySource.StartActivity(spanName)?.Dispose();
        RocketMqDiagnostics.Meter.CreateCounter<long>(instrumentName).Add(1);

        Assert.True(tracerProvider.ForceFlush());
        Assert.True(meterProvider.ForceFlush());
        Assert.Equal(!disabled, spans.Now().Any(span => span.DisplayName == spanName));
        Assert.Equal(!disabled, metrics.Now().Any(metric => metric.Name == instrumentName));
    }
}
