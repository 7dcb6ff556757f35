namespace PointsDemo.AppHost.Dashboard.Telemetry;

/// <summary>What the trace list shows: every filter is optional, text filters ignore case.</summary>
internal sealed record TraceQuery(string? Service = null, string? Name = null, TimeSpan? MinDuration = null, int Limit = 200);

/// <summary>What the structured log list shows: every filter is optional, text filters ignore case.</summary>
internal sealed record LogQuery(string? Service = null, string? MinLevel = null, string? Text = null, string? TraceId = null, int Limit = 500);

/// <summary>How much telemetry the dashboard keeps; the oldest goes first when full.</summary>
internal sealed record TelemetryLimits(int MaxTraces = 10_000, int MaxSpansPerTrace = 2_000, int MaxLogs = 10_000);

/// <summary>Log levels in the order of their OTLP severity bands.</summary>
internal static class LogLevels
{
    public static readonly IReadOnlyList<string> Names = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    /// <summary>OTLP severity numbers come in bands of four (TRACE..TRACE4, DEBUG..DEBUG4, ...).</summary>
    public static string FromSeverity(int severityNumber, string severityText) =>
        severityNumber is >= 1 and <= 24
            ? Names[(severityNumber - 1) / 4]
            : string.IsNullOrEmpty(severityText) ? "Unspecified" : severityText;

    /// <summary>The lowest severity number of a level, so "Warning" also shows errors.</summary>
    public static int MinSeverity(string level)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], level, StringComparison.OrdinalIgnoreCase))
            {
                return (i * 4) + 1;
            }
        }

        return 0;
    }
}
