using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
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

    /// <summary>
    /// Maps <see cref="HealthEndpointPath"/> and <see cref="AlivenessEndpointPath"/> outside
    /// Development too, for a deployment whose orchestrator probes them (<c>HealthEndpoints:Enabled</c>).
    /// </summary>
    public const string HealthEndpointsEnabledKey = "HealthEndpoints:Enabled";

    /// <summary>
    /// The share of traces sampled outside Development when <c>OTEL_TRACES_SAMPLER_ARG</c> does not say:
    /// one in ten keeps a steady stream of whole registrations to look at (a hundred a second at a
    /// thousand registrations a second) for a tenth of the cost of recording and exporting every span.
    /// </summary>
    public const double ProductionTraceSamplingRatio = 0.1;

    /// <summary>The standard variable that names the sampler; when set, the OpenTelemetry SDK builds it.</summary>
    private const string TracesSamplerKey = "OTEL_TRACES_SAMPLER";

    /// <summary>The standard variable that gives the sampler's argument: here the ratio of traces sampled.</summary>
    private const string TracesSamplerArgumentKey = "OTEL_TRACES_SAMPLER_ARG";

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
        if (ProductionSampler(builder) is { } sampler)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(sampler));
        }

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>
    /// Outside Development, and unless <c>OTEL_TRACES_SAMPLER</c> names a sampler (which the SDK
    /// then builds as the specification says), traces are sampled where they start: a parent-based
    /// trace-id ratio sampler, <c>OTEL_TRACES_SAMPLER_ARG</c> of them (<see cref="ProductionTraceSamplingRatio"/>
    /// by default). Parent-based keeps a trace whole: a registration kept at <c>POST /users</c> is kept
    /// through the message into PointsService's spans, and one dropped there is dropped everywhere.
    /// Development records every trace (null here), as the dashboard is there to show them.
    /// </summary>
    private static ParentBasedSampler? ProductionSampler<TBuilder>(TBuilder builder)
        where TBuilder : IHostApplicationBuilder =>
        builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration[TracesSamplerKey])
            ? null
            : new ParentBasedSampler(new TraceIdRatioBasedSampler(TraceSamplingRatio(builder.Configuration[TracesSamplerArgumentKey])));

    /// <summary>The ratio <c>OTEL_TRACES_SAMPLER_ARG</c> gives, or <see cref="ProductionTraceSamplingRatio"/> without it.</summary>
    /// <exception cref="InvalidOperationException">The value is not a number from 0 to 1.</exception>
    private static double TraceSamplingRatio(string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument))
        {
            return ProductionTraceSamplingRatio;
        }

        return double.TryParse(argument, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw new InvalidOperationException($"{TracesSamplerArgumentKey} must be a number from 0 to 1 (the share of traces sampled), not '{argument}'.");
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
    /// Maps <c>/health</c> and <c>/alive</c> in Development. Elsewhere only when
    /// <c>HealthEndpoints:Enabled</c> is true: a deployment that probes readiness turns them on on
    /// purpose, knowing who can reach the port; the answers are only "Healthy", "Degraded" or
    /// "Unhealthy", but each /health request runs the database and broker checks.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>(HealthEndpointsEnabledKey))
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
