using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every service of the demo shares, named as Aspire names them so the services
/// would run unchanged under Aspire: <see cref="AddServiceDefaults{TBuilder}"/> in the builder,
/// <see cref="MapDefaultEndpoints"/> on the app.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: every registered health check, dependencies included.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only the checks tagged <see cref="LiveTag"/>; a dependency being down does not make a process dead.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The tag of the checks that decide liveness.</summary>
    public const string LiveTag = "live";

    /// <summary>Adds OpenTelemetry, the default health checks, service discovery and HTTP resilience.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // The OTLP exporter has its own timeout and retry; wrapped in ours as well, an unreachable
        // collector would be retried three times per batch, each attempt cut at ten seconds.
        // (RemoveAllResilienceHandlers is marked for evaluation; ServiceDefaults tests pin what it does.)
        foreach (var exporterClient in TelemetryFilters.OtlpExporterHttpClients)
        {
#pragma warning disable EXTEXP0001
            builder.Services.AddHttpClient(exporterClient).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }

        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces through OpenTelemetry; exported over OTLP when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set (protocol, headers and the rest come
    /// from the other <c>OTEL_*</c> variables).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(aspNetCore =>
                    // Health probes arrive every few seconds, and Swagger UI loads a dozen files: both
                    // would bury the traces people come to see.
                    aspNetCore.Filter = context => !TelemetryFilters.IsHealthProbe(context.Request.Path) && !TelemetryFilters.IsApiExplorer(context.Request.Path))
                .AddHttpClientInstrumentation(http =>
                    // The RocketMQ client's own spans (send, end_transaction, receive, ack, check) describe
                    // its gRPC calls; the HTTP spans under them add nothing, and its background calls
                    // (heartbeats, route queries, the telemetry stream) would each start a trace.
                    http.FilterHttpRequestMessage = request => !TelemetryFilters.IsRocketMqCall(request)));

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>Adds the liveness check; services add their dependencies' checks beside it.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> and <c>/alive</c>. Only in Development: health details describe the
    /// inside of a service and should not be public in production without thought.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Environment.IsDevelopment())
        {
            app.MapHealthChecks(HealthEndpointPath).Add(WithoutTraces);
            app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
            {
                Predicate = registration => registration.Tags.Contains(LiveTag),
            }).Add(WithoutTraces);
        }

        return app;
    }

    /// <summary>
    /// Runs a health endpoint with instrumentation suppressed. Its request span is filtered out, so
    /// the database and broker calls of its checks would otherwise each start a trace of their own,
    /// one per check every time the orchestrator asks.
    /// </summary>
    private static void WithoutTraces(EndpointBuilder endpoint)
    {
        var respond = endpoint.RequestDelegate!;
        endpoint.RequestDelegate = async context =>
        {
            using var suppressed = SuppressInstrumentationScope.Begin();
            await respond(context);
        };
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }
}
