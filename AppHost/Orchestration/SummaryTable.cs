using System.Text;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>What runs where, printed once everything is healthy.</summary>
internal sealed record SystemSummary(Uri UserService, Uri PointsService, Uri? Dashboard, string Broker, string Database);

internal static class SummaryTable
{
    public static string Render(SystemSummary summary, TimeSpan startedIn)
    {
        ArgumentNullException.ThrowIfNull(summary);
        (string, string)[] rows =
        [
            ("Swagger (UserService)", new Uri(summary.UserService, "/swagger").AbsoluteUri),
            ("Register a user", $"POST {new Uri(summary.UserService, "/users").AbsoluteUri}"),
            ("Points API", $"GET {summary.PointsService.GetLeftPart(UriPartial.Authority)}/points/{{userId}}"),
            ("Dashboard", summary.Dashboard?.AbsoluteUri ?? "(none)"),
            ("RocketMQ endpoint", summary.Broker),
            ("PostgreSQL", summary.Database),
        ];
        var width = rows.Max(r => r.Item1.Length);
        var text = new StringBuilder();
        var rule = new string('─', width + 2) + "┬" + new string('─', rows.Max(r => r.Item2.Length) + 2);
        text.AppendLine(rule);
        foreach (var (what, where) in rows)
        {
            text.AppendLine($" {what.PadRight(width)} │ {where}");
        }

        text.AppendLine(rule.Replace('┬', '┴'));
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $" All resources healthy in {startedIn.TotalSeconds:0.0} s. Press Ctrl+C to stop everything.");
        return text.ToString();
    }
}
