namespace PointsDemo.AppHost.Dashboard.Telemetry;

/// <summary>Turns a trace's spans into one line of the trace list, and decides whether it matches a search.</summary>
internal static class TraceSummaries
{
    public static TraceSummary Summarize(IReadOnlyList<SpanEntry> spans)
    {
        // The root is the span without a parent; while it has not arrived yet, the earliest span stands in.
        var root = spans.Where(s => s.IsRoot).MinBy(s => s.Start) ?? spans.MinBy(s => s.Start)!;
        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        var perService = spans
            .GroupBy(s => s.ServiceName, StringComparer.Ordinal)
            .OrderBy(g => g.Min(s => s.Start))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.ServiceName,
            start,
            end > start ? end - start : TimeSpan.Zero,
            spans.Count,
            spans.Count(s => s.Status == SpanStatus.Error),
            perService);
    }

    /// <summary>
    /// Service and name match any span of the trace (a search for "points-service" finds the
    /// registrations it took part in); the minimum duration applies to the whole trace.
    /// </summary>
    public static bool Matches(IReadOnlyList<SpanEntry> spans, TraceQuery query) =>
        spans.Any(s => TelemetryStore.Contains(s.ServiceName, query.Service, exact: true))
        && spans.Any(s => TelemetryStore.Contains(s.Name, query.Name, exact: false));

    public static bool LastsAtLeast(TraceSummary summary, TraceQuery query) =>
        query.MinDuration is not { } minimum || summary.Duration >= minimum;
}
