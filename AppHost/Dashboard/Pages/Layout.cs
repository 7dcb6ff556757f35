using System.Text;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>The frame around every page: title, navigation, styles. No scripts, no build step.</summary>
internal static class Layout
{
    private const string Styles = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f6f8fa; }
        header { background: #1d2733; color: #fff; padding: 10px 20px; display: flex; gap: 24px; align-items: center; }
        header a { color: #cfd8e3; text-decoration: none; } header a.active { color: #fff; font-weight: 600; }
        header .brand { font-weight: 700; color: #fff; } nav a { margin-right: 16px; }
        main { padding: 16px 20px; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 16px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e8ee; font-size: 13px; vertical-align: top; }
        th { background: #eef2f6; }
        form.filters { display: flex; gap: 8px; margin-bottom: 12px; flex-wrap: wrap; }
        .muted { color: #6b7785; } .error { color: #c0392b; font-weight: 600; }
        .state-Running, .state-Stopped { color: #2d7d46; } .state-Exited, .state-Failed { color: #c0392b; } .state-Starting, .state-Waiting, .state-Stopping { color: #b7950b; }
        .level-Warning { color: #b7950b; } .level-Error, .level-Critical { color: #c0392b; font-weight: 600; }
        pre.console { background: #0f1620; color: #d6dde6; padding: 10px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; }
        pre.console .stderr { color: #ff8f7a; }
        .badge { display: inline-block; padding: 1px 6px; border-radius: 8px; color: #fff; font-size: 12px; margin-right: 4px; }
        .waterfall { background: #fff; border: 1px solid #e3e8ee; }
        .waterfall details { border-bottom: 1px solid #eef2f6; }
        .waterfall summary { display: grid; grid-template-columns: 38% 62%; align-items: center; cursor: pointer; padding: 3px 6px; font-size: 13px; }
        .waterfall .label { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
        .waterfall .track { position: relative; height: 16px; background: #f2f5f8; }
        .waterfall .bar { position: absolute; top: 2px; height: 12px; min-width: 2px; border-radius: 2px; }
        .waterfall .bar.error { outline: 2px solid #c0392b; }
        .waterfall .span-details { padding: 6px 12px 12px 40px; background: #fbfcfd; }
        .waterfall .time { position: absolute; top: 0; font-size: 11px; color: #45515e; white-space: nowrap; }
        """;

    /// <param name="refreshSeconds">Live pages (resources, console) reload themselves; the others stay still to be read.</param>
    public static string Page(string title, string activePath, string body, int? refreshSeconds = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        if (refreshSeconds is { } seconds)
        {
            html.Append($"<meta http-equiv=\"refresh\" content=\"{seconds}\">");
        }

        html.Append($"<title>{Html.E(title)} · PointsDemo</title><style>{Styles}</style></head><body>");
        html.Append("<header><span class=\"brand\">PointsDemo</span><nav>");
        foreach (var (path, name) in Html.Navigation)
        {
            var active = path == activePath ? " class=\"active\"" : "";
            html.Append($"<a href=\"{path}\"{active}>{Html.E(name)}</a> ");
        }

        html.Append("</nav></header><main>");
        html.Append($"<h1>{Html.E(title)}</h1>");
        html.Append(body);
        return html.Append("</main></body></html>").ToString();
    }
}
