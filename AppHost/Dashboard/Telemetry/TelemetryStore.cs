namespace PointsDemo.AppHost.Dashboard.Telemetry;

/// <summary>
/// The dashboard's memory: spans grouped by trace, structured logs, and the metric names each
/// service reports. Bounded (<see cref="TelemetryLimits"/>): when full, the oldest trace or log
/// goes first, so a long run never grows without end. Thread-safe; one lock, since writes are
/// batches from the OTLP receiver and reads are page renders, both rare on a CPU's time scale.
/// </summary>
internal sealed class TelemetryStore(TelemetryLimits limits)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SpanEntry>> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _traceOrder = new();
    private readonly Dictionary<string, LinkedListNode<string>> _traceNodes = new(StringComparer.Ordinal);
    private readonly LinkedList<LogEntry> _logs = new();
    private readonly SortedDictionary<string, SortedSet<string>> _metricNames = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _services = new(StringComparer.Ordinal);

    public TelemetryStore()
        : this(new TelemetryLimits())
    {
    }

    /// <summary>Traces dropped to stay within the limit since the start.</summary>
    public long DroppedTraces { get; private set; }

    /// <summary>Logs dropped to stay within the limit since the start.</summary>
    public long DroppedLogs { get; private set; }

    public void AddSpans(IEnumerable<SpanEntry> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        lock (_gate)
        {
            foreach (var span in spans)
            {
                _services.Add(span.ServiceName);
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    trace = [];
                    _traces[span.TraceId] = trace;
                    _traceNodes[span.TraceId] = _traceOrder.AddLast(span.TraceId);
                    TrimTraces();
                }

                if (trace.Count < limits.MaxSpansPerTrace)
                {
                    trace.Add(span);
                }
            }
        }
    }

    public void AddLogs(IEnumerable<LogEntry> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        lock (_gate)
        {
            foreach (var log in logs)
            {
                _services.Add(log.ServiceName);
                _logs.AddLast(log);
                if (_logs.Count > limits.MaxLogs)
                {
                    _logs.RemoveFirst();
                    DroppedLogs++;
                }
            }
        }
    }

    public void AddMetricNames(string service, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        lock (_gate)
        {
            _services.Add(service);
            if (!_metricNames.TryGetValue(service, out var known))
            {
                known = new SortedSet<string>(StringComparer.Ordinal);
                _metricNames[service] = known;
            }

            known.UnionWith(names);
        }
    }

    /// <summary>Every service that sent any telemetry, sorted.</summary>
    public IReadOnlyList<string> Services
    {
        get
        {
            lock (_gate)
            {
                return [.. _services];
            }
        }
    }

    public IReadOnlyList<string> MetricNames(string service)
    {
        lock (_gate)
        {
            return _metricNames.TryGetValue(service, out var names) ? [.. names] : [];
        }
    }

    /// <summary>The spans of one trace ordered by start time, or <see langword="null"/> when unknown.</summary>
    public IReadOnlyList<SpanEntry>? GetTrace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId.ToLowerInvariant(), out var spans)
                ? [.. spans.OrderBy(s => s.Start)]
                : null;
        }
    }

    /// <summary>Traces matching the query, newest first.</summary>
    public IReadOnlyList<TraceSummary> FindTraces(TraceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<SpanEntry[]> snapshot;
        lock (_gate)
        {
            snapshot = [.. _traces.Values.Select(spans => spans.ToArray())];
        }

        return [.. snapshot
            .Where(spans => TraceSummaries.Matches(spans, query))
            .Select(TraceSummaries.Summarize)
            .Where(summary => TraceSummaries.LastsAtLeast(summary, query))
            .OrderByDescending(summary => summary.Start)
            .Take(query.Limit)];
    }

    /// <summary>Logs matching the query, oldest first (the last ones written are at the bottom, as in a console).</summary>
    public IReadOnlyList<LogEntry> FindLogs(LogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var minSeverity = string.IsNullOrEmpty(query.MinLevel) ? 0 : LogLevels.MinSeverity(query.MinLevel);
        lock (_gate)
        {
            return [.. _logs
                .Where(log => Contains(log.ServiceName, query.Service, exact: true)
                    && log.SeverityNumber >= minSeverity
                    && (string.IsNullOrEmpty(query.TraceId) || string.Equals(log.TraceId, query.TraceId, StringComparison.OrdinalIgnoreCase))
                    && (Contains(log.Message, query.Text, exact: false) || Contains(log.Category, query.Text, exact: false)))
                .TakeLast(query.Limit)];
        }
    }

    internal static bool Contains(string value, string? filter, bool exact) =>
        string.IsNullOrEmpty(filter)
        || (exact
            ? string.Equals(value, filter, StringComparison.OrdinalIgnoreCase)
            : value.Contains(filter, StringComparison.OrdinalIgnoreCase));

    private void TrimTraces()
    {
        while (_traceOrder.Count > limits.MaxTraces)
        {
            var oldest = _traceOrder.First!.Value;
            _traceOrder.RemoveFirst();
            _traceNodes.Remove(oldest);
            _traces.Remove(oldest);
            DroppedTraces++;
        }
    }
}
