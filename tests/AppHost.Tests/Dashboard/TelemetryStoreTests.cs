using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Tests.Dashboard;

public sealed class TelemetryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spans_are_grouped_by_trace_and_summarized_from_the_root()
    {
        var store = new TelemetryStore();
        store.AddSpans([Span("t1", "b", "a", "process user-registered", "points-service", 50, 90), Span("t1", "a", null, "POST /users", "user-service", 0, 60)]);

        var summary = Assert.Single(store.FindTraces(new TraceQuery()));

        Assert.Equal("POST /users", summary.RootName);
        Assert.Equal("user-service", summary.RootService);
        Assert.Equal(TimeSpan.FromMilliseconds(90), summary.Duration);
        Assert.Equal(new Dictionary<string, int> { ["user-service"] = 1, ["points-service"] = 1 }, summary.SpansPerService);
        Assert.Equal(["a", "b"], store.GetTrace("T1")!.Select(s => s.SpanId));
    }

    [Fact]
    public void Trace_search_matches_any_span_by_service_and_name_and_the_whole_trace_by_duration()
    {
        var store = new TelemetryStore();
        store.AddSpans([Span("slow", "a", null, "POST /users", "user-service", 0, 500), Span("slow", "b", "a", "process user-registered", "points-service", 100, 400)]);
        store.AddSpans([Span("fast", "c", null, "GET /points/{userId}", "points-service", 0, 5)]);

        Assert.Equal(["slow"], store.FindTraces(new TraceQuery(Name: "PROCESS")).Select(t => t.TraceId));
        Assert.Equal(["fast", "slow"], store.FindTraces(new TraceQuery(Service: "points-service")).Select(t => t.TraceId).Order());
        Assert.Equal(["slow"], store.FindTraces(new TraceQuery(MinDuration: TimeSpan.FromMilliseconds(100))).Select(t => t.TraceId));
        Assert.Empty(store.FindTraces(new TraceQuery(Service: "user-service", Name: "GET")));
    }

    [Fact]
    public void The_oldest_trace_goes_first_when_the_store_is_full()
    {
        var store = new TelemetryStore(new TelemetryLimits(MaxTraces: 2));
        foreach (var id in new[] { "t1", "t2", "t3" })
        {
            store.AddSpans([Span(id, "a", null, "op", "svc", 0, 1)]);
        }

        Assert.Null(store.GetTrace("t1"));
        Assert.NotNull(store.GetTrace("t3"));
        Assert.Equal(1, store.DroppedTraces);
    }

    [Fact]
    public void Logs_are_bounded_and_filtered_by_resource_level_text_and_trace()
    {
        var store = new TelemetryStore(new TelemetryLimits(MaxLogs: 3));
        store.AddLogs(
        [
            Log("user-service", 9, "dropped first", null),
            Log("user-service", 9, "Registered user 42", "t1"),
            Log("points-service", 13, "Slow grant", "t1"),
            Log("points-service", 17, "Grant failed", null),
        ]);

        Assert.Equal(1, store.DroppedLogs);
        Assert.Equal(["Registered user 42", "Slow grant", "Grant failed"], store.FindLogs(new LogQuery()).Select(l => l.Message));
        Assert.Equal(["Slow grant", "Grant failed"], store.FindLogs(new LogQuery(MinLevel: "warning")).Select(l => l.Message));
        Assert.Equal(["Grant failed"], store.FindLogs(new LogQuery(Service: "points-service", Text: "FAILED")).Select(l => l.Message));
        Assert.Equal(["Registered user 42", "Slow grant"], store.FindLogs(new LogQuery(TraceId: "T1")).Select(l => l.Message));
        Assert.Equal(["points-service", "user-service"], store.Services);
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_lose_nothing_within_the_limits()
    {
        var store = new TelemetryStore();
        var ct = TestContext.Current.CancellationToken;
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                store.AddSpans([Span($"w{w}-{i}", "a", null, "op", $"svc{w}", 0, 1)]);
                store.AddLogs([Log($"svc{w}", 9, "m", null)]);
                _ = store.FindTraces(new TraceQuery(Limit: 5));
            }
        }, ct));

        await Task.WhenAll(writers);

        Assert.Equal(1_600, store.FindTraces(new TraceQuery(Limit: int.MaxValue)).Count);
        Assert.Equal(1_600, store.FindLogs(new LogQuery(Limit: int.MaxValue)).Count);
    }

    [Theory]
    [InlineData(1, "Trace")]
    [InlineData(8, "Debug")]
    [InlineData(9, "Information")]
    [InlineData(16, "Warning")]
    [InlineData(17, "Error")]
    [InlineData(24, "Critical")]
    public void Severity_bands_map_to_level_names(int severity, string level) =>
        Assert.Equal(level, LogLevels.FromSeverity(severity, ""));

    internal static SpanEntry Span(string traceId, string spanId, string? parent, string name, string service, int startMs, int endMs) =>
        new(traceId, spanId, parent, name, "Server", service, "scope", T0.AddMilliseconds(startMs), T0.AddMilliseconds(endMs), SpanStatus.Unset, null, [], [], [], []);

    private static LogEntry Log(string service, int severity, string message, string? traceId) =>
        new(T0, service, LogLevels.FromSeverity(severity, ""), severity, "category", message, traceId, null, [], []);
}
