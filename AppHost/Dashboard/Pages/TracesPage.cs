using System.Globalization;
using System.Text;
using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>The trace list, searchable by service, span name and minimum duration.</summary>
internal static class TracesPage
{
    public static string Render(IReadOnlyList<string> services, TraceQuery query, IReadOnlyList<TraceSummary> traces)
    {
        var body = new StringBuilder();
        var minMs = query.MinDuration?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        body.Append("<form class=\"filters\" method=\"get\" action=\"/traces\">")
            .Append(Html.Select("service", query.Service, services, "(all services)"))
            .Append(Html.Input("name", query.Name, "span name contains"))
            .Append(Html.Input("minDurationMs", minMs, "min duration (ms)"))
            .Append("<button type=\"submit\">Search</button></form>");
        if (traces.Count == 0)
        {
            body.Append("<p class=\"muted\" id=\"no-traces\">No traces match.</p>");
            return Layout.Page("Traces", "/traces", body.ToString());
        }

        var longest = traces.Max(t => t.Duration.TotalMilliseconds);
        var rows = traces.Select(t => (IEnumerable<string>)
        [
            Html.E(Html.Time(t.Start)),
            $"<a href=\"/traces/{Html.Q(t.TraceId)}\">{Html.E(t.RootService)}: {Html.E(t.RootName)}</a>",
            string.Concat(t.SpansPerService.Select(s =>
                $"<span class=\"badge\" style=\"background:{Html.ColorOf(s.Key)}\">{Html.E(s.Key)} {s.Value.ToString(CultureInfo.InvariantCulture)}</span>")),
            $"{Html.E(Html.Duration(t.Duration))}<div class=\"track\" style=\"width:160px;height:6px;background:#eef2f6\">"
                + $"<div style=\"height:6px;background:#2e7dd7;width:{Html.Percent(longest <= 0 ? 0 : 100 * t.Duration.TotalMilliseconds / longest)}\"></div></div>",
            t.ErrorCount == 0 ? "" : $"<span class=\"error\">{t.ErrorCount.ToString(CultureInfo.InvariantCulture)}</span>",
            $"<code>{Html.E(t.TraceId)}</code>",
        ]);
        body.Append(Html.Table(["Time", "Name", "Spans", "Duration", "Errors", "Trace id"], rows, "traces"));
        return Layout.Page("Traces", "/traces", body.ToString());
    }
}
