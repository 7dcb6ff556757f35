using System.Text.Json;
using System.Text.RegularExpressions;

namespace PointsDemo.Bench.DevLoop;

/// <summary>
/// What <c>dotnet run --project AppHost</c> shows from outside that the system is up: two lines of
/// the AppHost's console output, and the services' <c>/health</c> answers, the very endpoint the
/// AppHost's own health checks (<c>WithHttpHealthCheck("/health")</c>) read.
/// </summary>
internal static partial class AppHostSignals
{
    /// <summary>The dashboard's address from the line the AppHost prints for logging in to it; null for any other line.</summary>
    public static Uri? DashboardUrl(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return LoginLine().Match(line) is { Success: true } match && Uri.TryCreate(match.Groups["url"].Value, UriKind.Absolute, out var login)
            ? new Uri(login.GetLeftPart(UriPartial.Authority))
            : null;
    }

    /// <summary>
    /// Whether the line is the AppHost's "started": DCP has taken every resource, which from then on
    /// start in dependency order (the services once their databases and the broker are healthy).
    /// </summary>
    public static bool IsStarted(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Contains("Distributed application started.", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a <c>/health</c> answer says healthy: 200 with "Healthy". "Degraded" is not: a check
    /// failed softly, and the dashboard would not show the resource as healthy either.
    /// </summary>
    public static bool IsHealthy(int statusCode, string body) =>
        statusCode == 200 && string.Equals(body?.Trim(), "Healthy", StringComparison.Ordinal);

    /// <summary>
    /// The first address of a launch settings file's <c>http</c> profile, the one <c>dotnet run</c>
    /// and the AppHost run a service with; null when there is none.
    /// </summary>
    public static Uri? LaunchProfileUrl(JsonElement launchSettings) =>
        launchSettings.TryGetProperty("profiles", out var profiles)
        && profiles.TryGetProperty("http", out var http)
        && http.TryGetProperty("applicationUrl", out var urls)
        && urls.GetString()?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..]
        && Uri.TryCreate(first, UriKind.Absolute, out var url)
            ? url
            : null;

    [GeneratedRegex(@"Login to the dashboard at (?<url>https?://\S+)")]
    private static partial Regex LoginLine();
}
