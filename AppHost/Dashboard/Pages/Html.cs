using System.Globalization;
using System.Net;
using System.Text;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>
/// The small kit every page is built from. Everything that came from outside (telemetry, console
/// lines, broker data, query strings) goes through <see cref="E"/>, so no page can be made to run script.
/// </summary>
internal static class Html
{
    private static readonly string[] Palette = ["#2e7dd7", "#d9622b", "#3a9d5d", "#9b59b6", "#c0392b", "#16a085", "#b7950b", "#5d6d7e"];

    public static readonly (string Path, string Title)[] Navigation =
    [
        ("/resources", "Resources"),
        ("/console", "Console logs"),
        ("/structuredlogs", "Structured logs"),
        ("/traces", "Traces"),
        ("/broker", "Broker"),
    ];

    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Encodes a query-string value.</summary>
    public static string Q(string? text) => Uri.EscapeDataString(text ?? "");

    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1 => $"{duration.TotalMicroseconds.ToString("0", CultureInfo.InvariantCulture)} μs",
        < 1000 => $"{duration.TotalMilliseconds.ToString("0.##", CultureInfo.InvariantCulture)} ms",
        _ => $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
    };

    /// <summary>A stable colour per service, so one service looks the same on every page.</summary>
    public static string ColorOf(string service)
    {
        // FNV-1a over the UTF-8 bytes: stable across runs, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(service))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return Palette[hash % (uint)Palette.Length];
    }

    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture) + "%";

    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<string>> rows, string? id = null)
    {
        var html = new StringBuilder();
        html.Append(id is null ? "<table>" : $"<table id=\"{E(id)}\">");
        html.Append("<thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            // Cells arrive already encoded: callers build them from E(...) and markup of their own.
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A name/value table of attributes; empty input gives an "(none)" line.</summary>
    public static string Attributes(IEnumerable<(string Key, string Value)> attributes)
    {
        var rows = attributes.Select(a => (IEnumerable<string>)[$"<code>{E(a.Key)}</code>", E(a.Value)]).ToList();
        return rows.Count == 0 ? "<p class=\"muted\">(none)</p>" : Table(["Name", "Value"], rows);
    }

    public static string Select(string name, string? selected, IEnumerable<string> options, string allLabel)
    {
        var html = new StringBuilder($"<select name=\"{E(name)}\"><option value=\"\">{E(allLabel)}</option>");
        foreach (var option in options)
        {
            var mark = string.Equals(option, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : "";
            html.Append($"<option value=\"{E(option)}\"{mark}>{E(option)}</option>");
        }

        return html.Append("</select>").ToString();
    }

    public static string Input(string name, string? value, string placeholder) =>
        $"<input type=\"text\" name=\"{E(name)}\" value=\"{E(value)}\" placeholder=\"{E(placeholder)}\">";
}
