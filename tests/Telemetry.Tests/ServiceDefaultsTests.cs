using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using OpenTelemetry.Trace;
using PointsDemo.Services.Testing;
using PointsDemo.TestSupport;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// What <c>AddServiceDefaults</c> keeps apart: the OTLP exporter's HttpClients get no resilience
/// handler (the exporter retries on its own), and the exporter's own POSTs never become spans.
/// </summary>
public sealed class ServiceDefaultsTests
{
    [Theory]
    [InlineData("OtlpTraceExporter")]
    [InlineData("OtlpMetricExporter")]
    [InlineData("OtlpLogExporter")]
    public void The_OTLP_exporter_s_HttpClients_have_no_resilience_handler_while_other_clients_do(string exporterClient)
    {
        using var host = Host.CreateApplicationBuilder().AddServiceDefaults().Build();
        var handlers = host.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        Assert.DoesNotContain(HandlerChain(handlers.CreateHandler(exporterClient)), h => h is ResilienceHandler);
        Assert.Contains(HandlerChain(handlers.CreateHandler("any-other-client")), h => h is ResilienceHandler);
    }

    [Fact]
    public async Task The_OTLP_exporter_s_own_requests_are_not_traced()
    {
        var ct = TestContext.Current.CancellationToken;
        using var collector = new FakeOtlpCollector();
        var spans = new Captured<Activity>();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "50",
        });
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        using var host = builder.Build();
        await host.StartAsync(ct);
        using var source = new ActivitySource(builder.Environment.ApplicationName);

        // Two exports, one after the other: the first POST's span, if there were one, has ended before the second POST.
        for (var export = 1; export <= 2; export++)
        {
            source.StartActivity("work")?.Dispose();
            await Eventually.MeetsAsync(() => collector.Exports.Count(e => e.Path == "/v1/traces"), count => count >= export, $"trace export {export} at the collector");
        }

        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.Equal(2, spans.Now().Count(s => s.DisplayName == "work"));
        // Other tests in this process run at the same time and make client spans of their own (the
        // listener is process-wide): look only for calls to this collector.
        Assert.DoesNotContain(spans.Now(), s => s.Kind == ActivityKind.Client && IsCallTo(s, collector.Endpoint));
        await host.StopAsync(ct);
    }

    [Theory]
    [InlineData("always_on", null, true)]
    [InlineData("parentbased_traceidratio", "0", false)]
    [InlineData("parentbased_traceidratio", "1", true)]
    public async Task The_sampler_is_the_one_OTEL_TRACES_SAMPLER_names(string sampler, string? ratio, bool recorded)
    {
        // The bench's --trace-sampling relies on it: the AppHost passes these two variables and nothing else.
        var ct = TestContext.Current.CancellationToken;
        var sourceName = $"sampling-{Guid.NewGuid():N}"; // no other provider in the process listens to it
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_SAMPLER"] = sampler,
            ["OTEL_TRACES_SAMPLER_ARG"] = ratio,
        });
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(sourceName));
        using var host = builder.Build();
        await host.StartAsync(ct);
        using var source = new ActivitySource(sourceName);

        using var root = source.StartActivity("registration");

        Assert.Equal(recorded, root?.Recorded ?? false);
        await host.StopAsync(ct);
    }

    private static bool IsCallTo(Activity span, string endpoint) =>
        span.GetTagItem("url.full") is string url && url.StartsWith(endpoint.TrimEnd('/'), StringComparison.Ordinal);

    private static IEnumerable<HttpMessageHandler> HandlerChain(HttpMessageHandler handler)
    {
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            yield return current;
        }
    }
}
