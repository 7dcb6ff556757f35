using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>What the defaults keep out of traces and out of the HTTP resilience pipeline, and how they recognise it.</summary>
internal static class TelemetryFilters
{
    /// <summary>
    /// The named HttpClients the OTLP exporter takes from IHttpClientFactory (one per signal) when
    /// it exports over http/protobuf.
    /// </summary>
    public static readonly IReadOnlyList<string> OtlpExporterHttpClients = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    /// <summary>The path prefix of every call of RocketMQ 5's gRPC service (<c>apache.rocketmq.v2.MessagingService</c>).</summary>
    private const string RocketMqGrpcPathPrefix = "/apache.rocketmq.v2.MessagingService/";

    /// <summary>Swagger UI's page, its assets and the OpenAPI document: tooling, not the application's work.</summary>
    public static bool IsApiExplorer(PathString path) => path.StartsWithSegments("/swagger");

    public static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(Extensions.HealthEndpointPath) || path.StartsWithSegments(Extensions.AlivenessEndpointPath);

    public static bool IsRocketMqCall(HttpRequestMessage request) =>
        request.RequestUri?.AbsolutePath.StartsWith(RocketMqGrpcPathPrefix, StringComparison.Ordinal) == true;
}
