using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace PointsDemo.AppHost.Tests.Support;

/// <summary>
/// OTLP requests as the services' exporters send them, built with the dashboard's own generated
/// classes: a registration traced across user-service and points-service, its logs, a metric.
/// </summary>
internal static class OtlpPayloads
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 21, 0, 0, TimeSpan.Zero);

    public static ByteString TraceId(byte seed) => ByteString.CopyFrom([.. Enumerable.Range(1, 16).Select(i => (byte)(i + seed))]);

    public static ByteString SpanId(byte seed) => ByteString.CopyFrom([.. Enumerable.Range(1, 8).Select(i => (byte)(i * seed))]);

    public static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    public static ExportTraceServiceRequest Registration(byte seed, string userSpanName = "POST /users")
    {
        var traceId = TraceId(seed);
        var server = SpanOf(traceId, SpanId(1), null, userSpanName, SpanKind.Server, 0, 120,
            ("http.request.method", "POST"), ("http.route", "/users"), ("http.response.status_code", "201"));
        server.Events.Add(new Span.Types.Event { TimeUnixNano = Nanos(5), Name = "user validated" });
        var send = SpanOf(traceId, SpanId(2), SpanId(1), "send user-registered", SpanKind.Producer, 10, 30,
            ("messaging.system", "rocketmq"), ("messaging.destination.name", "user-registered"));
        var insert = SpanOf(traceId, SpanId(3), SpanId(1), "INSERT users", SpanKind.Client, 35, 60, ("db.system", "postgresql"));
        var process = SpanOf(traceId, SpanId(4), SpanId(2), "process user-registered", SpanKind.Consumer, 150, 210,
            ("messaging.system", "rocketmq"), ("messaging.operation", "process"));
        var grant = SpanOf(traceId, SpanId(5), SpanId(4), "INSERT ledger", SpanKind.Client, 160, 190, ("db.system", "postgresql"));
        grant.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "deadlock detected" };

        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(Resource("user-service", server, send, insert));
        request.ResourceSpans.Add(Resource("points-service", process, grant));
        return request;
    }

    public static ExportLogsServiceRequest Logs(ByteString traceId, params (string Service, SeverityNumber Severity, string Message)[] records)
    {
        var request = new ExportLogsServiceRequest();
        foreach (var group in records.GroupBy(r => r.Service))
        {
            var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = $"{group.Key}.Registration" } };
            scope.LogRecords.AddRange(group.Select((r, i) => new LogRecord
            {
                TimeUnixNano = Nanos(i),
                SeverityNumber = r.Severity,
                SeverityText = r.Severity.ToString(),
                Body = new AnyValue { StringValue = r.Message },
                TraceId = traceId,
                SpanId = SpanId(1),
                Attributes = { KeyValue("{OriginalFormat}", r.Message) },
            }));
            var resourceLogs = new ResourceLogs { Resource = ResourceOf(group.Key) };
            resourceLogs.ScopeLogs.Add(scope);
            request.ResourceLogs.Add(resourceLogs);
        }

        return request;
    }

    public static ExportMetricsServiceRequest Metrics(string service, params string[] names)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "PointsDemo.RocketMq" } };
        scope.Metrics.AddRange(names.Select(n => new Metric { Name = n, Unit = "{message}" }));
        var resourceMetrics = new ResourceMetrics { Resource = ResourceOf(service) };
        resourceMetrics.ScopeMetrics.Add(scope);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resourceMetrics } };
    }

    public static Span SpanOf(ByteString traceId, ByteString spanId, ByteString? parent, string name, SpanKind kind, int startMs, int endMs, params (string Key, string Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parent ?? ByteString.Empty,
            Name = name,
            Kind = kind,
            StartTimeUnixNano = Nanos(startMs),
            EndTimeUnixNano = Nanos(endMs),
        };
        span.Attributes.AddRange(attributes.Select(a => KeyValue(a.Key, a.Value)));
        return span;
    }

    public static ResourceSpans Resource(string service, params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = service } };
        scope.Spans.AddRange(spans);
        return new ResourceSpans { Resource = ResourceOf(service), ScopeSpans = { scope } };
    }

    private static Resource ResourceOf(string service) =>
        new() { Attributes = { KeyValue("service.name", service), KeyValue("service.instance.id", $"{service}-1") } };

    private static KeyValue KeyValue(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ulong Nanos(int milliseconds) => (ulong)(Start.AddMilliseconds(milliseconds).ToUnixTimeMilliseconds() * 1_000_000L);
}
