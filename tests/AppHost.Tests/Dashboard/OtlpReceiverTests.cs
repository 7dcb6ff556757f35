using System.Net;
using System.Net.Http.Json;
using System.Text;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Logs.V1;
using PointsDemo.AppHost.Tests.Support;

namespace PointsDemo.AppHost.Tests.Dashboard;

public sealed class OtlpReceiverTests
{
    [Fact]
    public async Task Protobuf_traces_are_answered_with_an_empty_export_response_and_shown_in_the_trace_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = await RunningDashboard.StartAsync(ct);

        using var response = await dashboard.PostAsync("v1/traces", OtlpPayloads.Registration(7), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(ct));
        Assert.Null(answer.PartialSuccess);

        var traceId = OtlpPayloads.Hex(OtlpPayloads.TraceId(7));
        var traces = await dashboard.Http.GetFromJsonAsync<List<TraceLine>>(dashboard.Ui("api/traces?service=points-service"), ct);
        var trace = Assert.Single(traces!);
        Assert.Equal(traceId, trace.TraceId);
        Assert.Equal("POST /users", trace.RootName);
        Assert.Equal(5, trace.SpanCount);
        Assert.Equal(1, trace.ErrorCount);

        var spans = await dashboard.Http.GetFromJsonAsync<List<SpanLine>>(dashboard.Ui($"api/traces/{traceId}"), ct);
        Assert.Equal(["user-service", "points-service"], spans!.Select(s => s.ServiceName).Distinct());
        var process = spans!.Single(s => s.Name == "process user-registered");
        Assert.Equal(OtlpPayloads.Hex(OtlpPayloads.SpanId(2)), process.ParentSpanId);
    }

    [Fact]
    public async Task Protobuf_logs_and_metrics_are_accepted_and_logs_keep_their_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = await RunningDashboard.StartAsync(ct);
        var traceId = OtlpPayloads.TraceId(3);

        using var logs = await dashboard.PostAsync("v1/logs", OtlpPayloads.Logs(traceId,
            ("user-service", SeverityNumber.Info, "Registered user ada@example.com"),
            ("points-service", SeverityNumber.Warn, "Granting 100 points took long")), ct);
        using var metrics = await dashboard.PostAsync("v1/metrics", OtlpPayloads.Metrics("points-service", "rocketmq.messages.acked"), ct);

        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        Assert.Null(ExportLogsServiceResponse.Parser.ParseFrom(await logs.Content.ReadAsByteArrayAsync(ct)).PartialSuccess);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Null(ExportMetricsServiceResponse.Parser.ParseFrom(await metrics.Content.ReadAsByteArrayAsync(ct)).PartialSuccess);
        Assert.Equal(["rocketmq.messages.acked"], dashboard.State.Telemetry.MetricNames("points-service"));

        var entries = await dashboard.Http.GetFromJsonAsync<List<LogLine>>(dashboard.Ui($"api/logs?level=Warning&traceId={OtlpPayloads.Hex(traceId)}"), ct);
        var entry = Assert.Single(entries!);
        Assert.Equal(("points-service", "Warning", "Granting 100 points took long"), (entry.ServiceName, entry.Level, entry.Message));
    }

    [Fact]
    public async Task Json_with_hex_ids_is_accepted_and_answered_in_json()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = await RunningDashboard.StartAsync(ct);
        const string json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-service"}}]},
              "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                "name":"GET /json","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000250000000"}]}]}]}
            """;

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await dashboard.Http.PostAsync(new Uri(dashboard.OtlpUrl, "v1/traces"), content, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var span = Assert.Single(dashboard.State.Telemetry.GetTrace("5b8efff798038103d269b633813fc60c")!);
        Assert.Equal(("eee19b7ec3c1b174", "json-service", "Server"), (span.SpanId, span.ServiceName, span.Kind));
        Assert.Equal(TimeSpan.FromMilliseconds(250), span.Duration);
    }

    [Fact]
    public async Task Other_content_types_get_415_and_bodies_that_do_not_parse_get_400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = await RunningDashboard.StartAsync(ct);

        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        using var textResponse = await dashboard.Http.PostAsync(new Uri(dashboard.OtlpUrl, "v1/logs"), text, ct);
        using var garbage = new ByteArrayContent([0xFF, 0xFF, 0xFF, 0xFF]);
        garbage.Headers.ContentType = new("application/x-protobuf");
        using var garbageResponse = await dashboard.Http.PostAsync(new Uri(dashboard.OtlpUrl, "v1/traces"), garbage, ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, textResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbageResponse.StatusCode);
        Assert.Empty(dashboard.State.Telemetry.Services);
    }

    private sealed record TraceLine(string TraceId, string RootName, int SpanCount, int ErrorCount);

    private sealed record SpanLine(string SpanId, string? ParentSpanId, string Name, string ServiceName);

    private sealed record LogLine(string ServiceName, string Level, string Message);
}
