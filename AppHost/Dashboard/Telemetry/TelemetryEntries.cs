namespace PointsDemo.AppHost.Dashboard.Telemetry;

/// <summary>One attribute, its value already rendered as text for display and search.</summary>
internal sealed record TelemetryAttribute(string Key, string Value);

/// <summary>A span as the dashboard keeps it: ids as lowercase hex, times as UTC instants.</summary>
internal sealed record SpanEntry(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string ServiceName,
    string ScopeName,
    DateTimeOffset Start,
    DateTimeOffset End,
    SpanStatus Status,
    string? StatusMessage,
    IReadOnlyList<TelemetryAttribute> Attributes,
    IReadOnlyList<SpanEventEntry> Events,
    IReadOnlyList<SpanLinkEntry> Links,
    IReadOnlyList<TelemetryAttribute> ResourceAttributes)
{
    public TimeSpan Duration => End > Start ? End - Start : TimeSpan.Zero;

    public bool IsRoot => ParentSpanId is null;

    public string? Attribute(string key) => Attributes.FirstOrDefault(a => a.Key == key)?.Value;
}

/// <summary>Whether a span succeeded, as OTLP's status code says.</summary>
internal enum SpanStatus
{
    Unset,
    Ok,
    Error,
}

/// <summary>Something that happened during a span (an exception, a retry, ...).</summary>
internal sealed record SpanEventEntry(DateTimeOffset Time, string Name, IReadOnlyList<TelemetryAttribute> Attributes);

/// <summary>A link from a span to another span, possibly in another trace.</summary>
internal sealed record SpanLinkEntry(string TraceId, string SpanId, IReadOnlyList<TelemetryAttribute> Attributes);

/// <summary>A structured log record, with the trace it was written in (if any).</summary>
internal sealed record LogEntry(
    DateTimeOffset Timestamp,
    string ServiceName,
    string Level,
    int SeverityNumber,
    string Category,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyList<TelemetryAttribute> Attributes,
    IReadOnlyList<TelemetryAttribute> ResourceAttributes);

/// <summary>One line of a trace list: the root span, the services involved, and how long it all took.</summary>
internal sealed record TraceSummary(
    string TraceId,
    string RootName,
    string RootService,
    DateTimeOffset Start,
    TimeSpan Duration,
    int SpanCount,
    int ErrorCount,
    IReadOnlyDictionary<string, int> SpansPerService);
