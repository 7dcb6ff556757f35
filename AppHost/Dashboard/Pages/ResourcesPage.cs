using System.Globalization;
using PointsDemo.AppHost.Dashboard.Catalog;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>What runs, where, and whether it is healthy.</summary>
internal static class ResourcesPage
{
    public static string Render(IReadOnlyList<ResourceSnapshot> resources)
    {
        var rows = resources.Select(r => (IEnumerable<string>)
        [
            $"<a href=\"/console?resource={Html.Q(r.Name)}\">{Html.E(r.Name)}</a>",
            Html.E(r.Type),
            $"<span class=\"state-{r.State}\">{Html.E(r.State.ToString())}</span>"
                + (r.ExitCode is { } code ? $" <span class=\"muted\">(exit code {code.ToString(CultureInfo.InvariantCulture)})</span>" : ""),
            Html.E(r.Health),
            string.Join("<br>", r.Urls.Select(Link)),
            Html.E(r.ProcessId?.ToString(CultureInfo.InvariantCulture)),
            Html.E(r.StartedAt is { } started ? Html.Time(started) : ""),
            Html.E(r.Restarts.ToString(CultureInfo.InvariantCulture)),
            Html.E(r.Detail),
        ]);
        var body = resources.Count == 0
            ? "<p class=\"muted\">No resources declared yet.</p>"
            : Html.Table(["Name", "Type", "State", "Health", "URLs", "PID", "Started", "Restarts", "Details"], rows, "resources");
        return Layout.Page("Resources", "/resources", body + "<p class=\"muted\">Refreshes every 5 seconds.</p>", refreshSeconds: 5);
    }

    // Only http(s) URLs become links; anything else (a database, a broker endpoint) stays text.
    private static string Link(string url) =>
        url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal)
            ? $"<a href=\"{Html.E(url)}\">{Html.E(url)}</a>"
            : $"<code>{Html.E(url)}</code>";
}
