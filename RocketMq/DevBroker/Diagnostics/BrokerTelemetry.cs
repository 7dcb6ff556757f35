using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace PointsDemo.RocketMq.DevBroker.Diagnostics;

/// <summary>
/// The program's logging and metrics: always the console; over OTLP as well when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, as the Aspire AppHost sets it for a project resource.
/// The OpenTelemetry SDK reads the other standard variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>), so the
/// broker behaves like any other resource of the dashboard.
/// </summary>
internal static class BrokerTelemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool ExportsOtlp => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));

    public static ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(logging =>
    {
        logging
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            })
            .SetMinimumLevel(LogLevel.Information);
        if (ExportsOtlp)
        {
            logging.AddOpenTelemetry(otel =>
            {
                otel.SetResourceBuilder(ResourceBuilder.CreateDefault());
                // Structured: the dashboard shows the message and each template value as an attribute.
                otel.IncludeFormattedMessage = true;
                otel.ParseStateValues = true;
                otel.AddOtlpExporter();
            });
        }
    });

    /// <summary>The broker's meter exported over OTLP; null when no endpoint is set.</summary>
    public static MeterProvider? CreateMeterProvider() =>
        ExportsOtlp
            ? Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateDefault())
                .AddMeter(DevBrokerDiagnostics.MeterName)
                .AddOtlpExporter()
                .Build()
            : null;
}
