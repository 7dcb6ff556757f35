using System.Text;
using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>Structured logs received over OTLP, filtered by resource, level, text and trace id.</summary>
internal static class StructuredLogsPage
{
    public static string Render(IReadOnlyList<string> services, LogQuery query, IReadOnlyList<LogEntry> logs)
    {
        var body = new StringBuilder();
        body.Append("<form class=\"filters\" method=\"get\" action=\"/structuredlogs\">")
            .Append(Html.Select("resource", query.Service, services, "(all resources)"))
            .Append(Html.Select("level", query.MinLevel, LogLevels.Names, "(any level)"))
            .Append(Html.Input("text", query.Text, "message contains"))
            .Append(Html.Input("traceId", query.TraceId, "trace id"))
            .Append("<button type=\"submit\">Filter</button></form>");
        if (logs.Count == 0)
        {
            body.Append("<p class=\"muted\" id=\"no-logs\">No structured logs match.</p>");
            return Layout.Page("Structured logs", "/structuredlogs", body.ToString());
        }

        var rows = logs.Select(log => (IEnumerable<string>)
        [
            Html.E(Html.Time(log.Timestamp)),
            $"<span class=\"badge\" style=\"background:{Html.ColorOf(log.ServiceName)}\">{Html.E(log.ServiceName)}</span>",
            $"<span class=\"level-{Html.E(log.Level)}\">{Html.E(log.Level)}</span>",
            $"<span class=\"muted\">{Html.E(log.Category)}</span>",
            Details(log),
            log.TraceId is null ? "" : $"<a href=\"/traces/{Html.Q(log.TraceId)}\"><code>{Html.E(log.TraceId[..8])}</code></a>",
        ]);
        body.Append(Html.Table(["Time", "Resource", "Level", "Category", "Message", "Trace"], rows, "logs"));
        return Layout.Page("Structured logs", "/structuredlogs", body.ToString());
    }

    // The message opens into its attributes, context and resource, as a log entry's detail view.
    private static string Details(LogEntry log) =>
        $"<details><summary>{Html.E(log.Message)}</summary>"
        + Html.Attributes(log.Attributes.Select(a => (a.Key, a.Value)))
        + Html.Attributes([("trace id", log.TraceId ?? ""), ("span id", log.SpanId ?? "")])
        + Html.Attributes(log.ResourceAttributes.Select(a => (a.Key, a.Value)))
        + "</details>";
}
