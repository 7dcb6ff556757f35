using System.Text;
using PointsDemo.AppHost.Dashboard.Catalog;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>What one resource wrote to its console, as captured by the AppHost.</summary>
internal static class ConsoleLogsPage
{
    public static string Render(IReadOnlyList<string> resources, string? selected, IReadOnlyList<ConsoleLine> lines)
    {
        var body = new StringBuilder();
        body.Append("<form class=\"filters\" method=\"get\" action=\"/console\">")
            .Append(Html.Select("resource", selected, resources, "(choose a resource)"))
            .Append("<button type=\"submit\">Show</button></form>");
        if (string.IsNullOrEmpty(selected))
        {
            body.Append("<p class=\"muted\">Choose a resource to see its console output.</p>");
        }
        else if (lines.Count == 0)
        {
            body.Append($"<p class=\"muted\">No console output from {Html.E(selected)} yet.</p>");
        }
        else
        {
            body.Append("<pre class=\"console\" id=\"console\">");
            foreach (var line in lines)
            {
                var css = line.IsError ? " class=\"stderr\"" : "";
                body.Append($"<span{css}>{Html.E(Html.Time(line.Time))} {Html.E(line.Text)}</span>\n");
            }

            body.Append("</pre>");
        }

        return Layout.Page("Console logs", "/console", body.ToString(), refreshSeconds: string.IsNullOrEmpty(selected) ? null : 5);
    }
}
