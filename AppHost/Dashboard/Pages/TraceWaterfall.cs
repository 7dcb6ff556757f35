using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>A span placed in the waterfall: its depth under the root and its bar's offset and width.</summary>
internal sealed record WaterfallRow(SpanEntry Span, int Depth, double OffsetPercent, double WidthPercent);

/// <summary>
/// Orders a trace's spans as a tree (parents before children, siblings by start time) and places
/// each on the trace's time axis. A span whose parent never arrived is shown as a root, not lost.
/// </summary>
internal static class TraceWaterfall
{
    public static IReadOnlyList<WaterfallRow> Layout(IReadOnlyList<SpanEntry> spans)
    {
        if (spans.Count == 0)
        {
            return [];
        }

        var start = spans.Min(s => s.Start);
        var total = Math.Max((spans.Max(s => s.End) - start).TotalMilliseconds, 0.001);
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans
            .Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList(), StringComparer.Ordinal);
        var rows = new List<WaterfallRow>(spans.Count);
        var pending = new Stack<(SpanEntry Span, int Depth)>();
        foreach (var root in spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderByDescending(s => s.Start))
        {
            pending.Push((root, 0));
        }

        while (pending.TryPop(out var item))
        {
            var offset = (item.Span.Start - start).TotalMilliseconds / total * 100;
            var width = item.Span.Duration.TotalMilliseconds / total * 100;
            rows.Add(new WaterfallRow(item.Span, item.Depth, offset, Math.Min(width, 100 - offset)));
            if (children.TryGetValue(item.Span.SpanId, out var kids))
            {
                for (var i = kids.Count - 1; i >= 0; i--)
                {
                    pending.Push((kids[i], item.Depth + 1));
                }
            }
        }

        return rows;
    }
}
