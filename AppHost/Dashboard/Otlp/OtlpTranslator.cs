using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using PointsDemo.AppHost.Dashboard.Telemetry;
using OtlpSpan = OpenTelemetry.Proto.Trace.V1.Span;
using OtlpStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace PointsDemo.AppHost.Dashboard.Otlp;

/// <summary>Turns OTLP export requests into the dashboard's entries and hands them to the store.</summary>
internal sealed class OtlpTranslator(TelemetryStore store)
{
    public void Accept(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = OtlpValues.Attributes(resourceSpans.Resource?.Attributes ?? []);
            var service = OtlpValues.ServiceName(resource);
            store.AddSpans(resourceSpans.ScopeSpans.SelectMany(scope =>
                scope.Spans
                    .Where(span => OtlpValues.Id(span.TraceId) is not null && OtlpValues.Id(span.SpanId) is not null)
                    .Select(span => ToEntry(span, scope.Scope?.Name ?? "", service, resource))));
        }
    }

    public void Accept(ExportLogsServiceRequest request)
    {
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = OtlpValues.Attributes(resourceLogs.Resource?.Attributes ?? []);
            var service = OtlpValues.ServiceName(resource);
            store.AddLogs(resourceLogs.ScopeLogs.SelectMany(scope =>
                scope.LogRecords.Select(record =>
                {
                    var attributes = OtlpValues.Attributes(record.Attributes);
                    var severity = (int)record.SeverityNumber;
                    return new LogEntry(
                        OtlpValues.Time(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        service,
                        LogLevels.FromSeverity(severity, record.SeverityText),
                        severity,
                        scope.Scope?.Name ?? "",
                        Message(OtlpValues.Render(record.Body), attributes),
                        OtlpValues.Id(record.TraceId),
                        OtlpValues.Id(record.SpanId),
                        attributes,
                        resource);
                })));
        }
    }

    public void Accept(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var service = OtlpValues.ServiceName(OtlpValues.Attributes(resourceMetrics.Resource?.Attributes ?? []));
            store.AddMetricNames(service, resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics).Select(m => m.Name));
        }
    }

    private static SpanEntry ToEntry(OtlpSpan span, string scope, string service, IReadOnlyList<TelemetryAttribute> resource) =>
        new(
            OtlpValues.Id(span.TraceId)!,
            OtlpValues.Id(span.SpanId)!,
            OtlpValues.Id(span.ParentSpanId),
            span.Name,
            KindName(span.Kind),
            service,
            scope,
            OtlpValues.Time(span.StartTimeUnixNano),
            OtlpValues.Time(span.EndTimeUnixNano),
            span.Status?.Code switch
            {
                OtlpStatus.Types.StatusCode.Ok => SpanStatus.Ok,
                OtlpStatus.Types.StatusCode.Error => SpanStatus.Error,
                _ => SpanStatus.Unset,
            },
            string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            OtlpValues.Attributes(span.Attributes),
            [.. span.Events.Select(e => new SpanEventEntry(OtlpValues.Time(e.TimeUnixNano), e.Name, OtlpValues.Attributes(e.Attributes)))],
            [.. span.Links
                .Where(l => OtlpValues.Id(l.TraceId) is not null && OtlpValues.Id(l.SpanId) is not null)
                .Select(l => new SpanLinkEntry(OtlpValues.Id(l.TraceId)!, OtlpValues.Id(l.SpanId)!, OtlpValues.Attributes(l.Attributes)))],
            resource);

    private static string KindName(OtlpSpan.Types.SpanKind kind) => kind switch
    {
        OtlpSpan.Types.SpanKind.Internal => "Internal",
        OtlpSpan.Types.SpanKind.Server => "Server",
        OtlpSpan.Types.SpanKind.Client => "Client",
        OtlpSpan.Types.SpanKind.Producer => "Producer",
        OtlpSpan.Types.SpanKind.Consumer => "Consumer",
        _ => "Unspecified",
    };

    // Without IncludeFormattedMessage the body is empty and the template is all there is.
    private static string Message(string body, IReadOnlyList<TelemetryAttribute> attributes) =>
        body.Length > 0 ? body : attributes.FirstOrDefault(a => a.Key == "{OriginalFormat}")?.Value ?? "";
}
