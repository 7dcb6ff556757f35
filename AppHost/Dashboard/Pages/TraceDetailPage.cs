using System.Globalization;
using System.Text;
using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>One trace across services as a waterfall; each span opens into its details.</summary>
internal static class TraceDetailPage
{
    public static string Render(string traceId, IReadOnlyList<SpanEntry>? spans)
    {
        if (spans is null || spans.Count == 0)
        {
            return Layout.Page("Trace not found", "/traces", $"<p class=\"muted\">No spans of trace <code>{Html.E(traceId)}</code> have arrived.</p>");
        }

        var rows = TraceWaterfall.Layout(spans);
        var start = spans.Min(s => s.Start);
        var duration = spans.Max(s => s.End) - start;
        var body = new StringBuilder();
        body.Append("<p id=\"trace-header\">")
            .Append($"Trace <code>{Html.E(traceId)}</code> · started {Html.E(Html.Time(start))} · {Html.E(Html.Duration(duration))}")
            .Append($" · {spans.Count.ToString(CultureInfo.InvariantCulture)} spans · depth {(rows.Max(r => r.Depth) + 1).ToString(CultureInfo.InvariantCulture)} · ")
            .Append(string.Concat(spans.Select(s => s.ServiceName).Distinct().Select(s => $"<span class=\"badge\" style=\"background:{Html.ColorOf(s)}\">{Html.E(s)}</span>")))
            .Append($" · <a href=\"/structuredlogs?traceId={Html.Q(traceId)}\">View logs</a></p>");
        body.Append("<div class=\"waterfall\" id=\"waterfall\">");
        foreach (var row in rows)
        {
            body.Append(Row(row, start));
        }

        body.Append("</div>");
        return Layout.Page("Trace", "/traces", body.ToString());
    }

    private static string Row(WaterfallRow row, DateTimeOffset traceStart)
    {
        var span = row.Span;
        var color = Html.ColorOf(span.ServiceName);
        var error = span.Status == SpanStatus.Error ? " error" : "";
        // The duration sits right of its bar, or left of it when the bar ends near the right edge.
        var end = row.OffsetPercent + row.WidthPercent;
        var timeLeft = Html.Percent(end < 88 ? end + 0.5 : Math.Max(row.OffsetPercent - 6, 0));
        return $"<details class=\"span\" data-span-id=\"{Html.E(span.SpanId)}\" data-service=\"{Html.E(span.ServiceName)}\"><summary>"
            + $"<span class=\"label\" style=\"padding-left:{(row.Depth * 16).ToString(CultureInfo.InvariantCulture)}px\">"
            + $"<span class=\"badge\" style=\"background:{color}\">{Html.E(span.ServiceName)}</span>{Html.E(span.Name)}</span>"
            + $"<span class=\"track\"><span class=\"bar{error}\" style=\"left:{Html.Percent(row.OffsetPercent)};width:{Html.Percent(row.WidthPercent)};background:{color}\"></span>"
            + $"<span class=\"time\" style=\"left:{timeLeft}\">{Html.E(Html.Duration(span.Duration))}</span></span>"
            + "</summary><div class=\"span-details\">"
            + Html.Attributes(
            [
                ("name", span.Name), ("kind", span.Kind), ("status", span.Status + (span.StatusMessage is null ? "" : $": {span.StatusMessage}")),
                ("service", span.ServiceName), ("scope", span.ScopeName),
                ("start", $"+{Html.Duration(span.Start - traceStart)}"), ("duration", Html.Duration(span.Duration)),
                ("trace id", span.TraceId), ("span id", span.SpanId), ("parent span id", span.ParentSpanId ?? "(root)"),
            ])
            + "<h4>Attributes</h4>" + Html.Attributes(span.Attributes.Select(a => (a.Key, a.Value)))
            + "<h4>Events</h4>" + Events(span)
            + "<h4>Links</h4>" + Html.Attributes(span.Links.Select(l => ("link", $"{l.TraceId} / {l.SpanId}")))
            + "<h4>Resource</h4>" + Html.Attributes(span.ResourceAttributes.Select(a => (a.Key, a.Value)))
            + "</div></details>";
    }

    // Event times are shown relative to the span's start, as in Aspire's span details.
    private static string Events(SpanEntry span) =>
        span.Events.Count == 0
            ? "<p class=\"muted\">(none)</p>"
            : Html.Table(["Offset", "Name", "Attributes"], span.Events.Select(e => (IEnumerable<string>)
            [
                Html.E("+" + Html.Duration(e.Time - span.Start)),
                Html.E(e.Name),
                string.Join("<br>", e.Attributes.Select(a => $"<code>{Html.E(a.Key)}</code> = {Html.E(a.Value)}")),
            ]));
}
