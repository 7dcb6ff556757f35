using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
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
        using var host = NewBuilder().AddServiceDefaults().Build();
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
        var builder = NewBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "50",
            ["OTEL_TRACES_SAMPLER"] = "always_on", // this host runs in Production, which samples otherwise
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
        var builder = NewBuilder();
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

    [Theory]
    [InlineData("0", false, false)]
    [InlineData("1", false, true)]
    [InlineData("0", true, true)]
    public async Task Outside_Development_traces_are_sampled_where_they_start_at_the_ratio_OTEL_TRACES_SAMPLER_ARG_gives(string ratio, bool parentSampled, bool recorded)
    {
        using var sampling = await SamplingHostAsync("Production", ratio);
        var parent = parentSampled ? new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true) : default;

        using var span = sampling.Source.StartActivity("process", ActivityKind.Consumer, parent);

        Assert.Equal(recorded, span?.Recorded ?? false);
    }

    [Fact]
    public async Task Outside_Development_a_span_whose_remote_parent_was_dropped_is_dropped_whatever_the_ratio()
    {
        using var sampling = await SamplingHostAsync("Production", "1");
        var dropped = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        using var span = sampling.Source.StartActivity("process", ActivityKind.Consumer, dropped);

        Assert.False(span?.Recorded ?? false);
    }

    [Fact]
    public async Task Outside_Development_without_a_ratio_about_one_trace_in_ten_is_sampled()
    {
        using var sampling = await SamplingHostAsync("Production", ratio: null);

        var recorded = Enumerable.Range(0, 2000).Count(_ =>
        {
            using var root = sampling.Source.StartActivity("registration");
            return root?.Recorded ?? false;
        });

        // Binomial(2000, 0.1): a standard deviation of about 13 around 200.
        Assert.InRange(recorded, 130, 270);
        Assert.Equal(0.1, Extensions.ProductionTraceSamplingRatio);
    }

    [Fact]
    public async Task In_Development_every_trace_is_recorded()
    {
        using var sampling = await SamplingHostAsync("Development", ratio: null);

        Assert.All(Enumerable.Range(0, 50), _ =>
        {
            using var root = sampling.Source.StartActivity("registration");
            Assert.True(root?.Recorded);
        });
    }

    [Fact]
    public async Task A_ratio_that_is_not_a_number_from_0_to_1_stops_the_start_naming_the_variable()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SamplingHostAsync("Production", "1.5"));

        Assert.Contains("OTEL_TRACES_SAMPLER_ARG", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A started host in <paramref name="environment"/> with the defaults, listening to a source of its own.</summary>
    private static async Task<SamplingHost> SamplingHostAsync(string environment, string? ratio)
    {
        var sourceName = $"sampling-{Guid.NewGuid():N}"; // no other provider in the process listens to it
        var builder = NewBuilder(environment);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_TRACES_SAMPLER_ARG"] = ratio });
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(sourceName));
        var host = builder.Build();
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
            return new SamplingHost(host, new ActivitySource(sourceName));
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A host builder that logs nothing to the console, which a failed test run prints whole after
    /// its failures; the service defaults still add their OpenTelemetry logger.
    /// </summary>
    private static HostApplicationBuilder NewBuilder(string? environment = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Logging.ClearProviders();
        return builder;
    }

    private static bool IsCallTo(Activity span, string endpoint) =>
        span.GetTagItem("url.full") is string url && url.StartsWith(endpoint.TrimEnd('/'), StringComparison.Ordinal);

    private sealed record SamplingHost(IHost Host, ActivitySource Source) : IDisposable
    {
        public void Dispose()
        {
            Source.Dispose();
            Host.Dispose();
        }
    }

    private static IEnumerable<HttpMessageHandler> HandlerChain(HttpMessageHandler handler)
    {
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            yield return current;
        }
    }
}
