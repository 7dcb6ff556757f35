using System.Text.Json;
using System.Text.Json.Serialization;

namespace PointsDemo.Bench.Results;

/// <summary>Writes a run's report as indented camelCase JSON, one file per run.</summary>
internal static class ReportFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string FileName(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"bench-{report.RunId}.json";
    }

    public static async Task<string> WriteAsync(BenchReport report, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, FileName(report)));
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, Json, cancellationToken);
        return path;
    }
}
