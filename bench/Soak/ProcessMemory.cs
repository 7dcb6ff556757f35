using System.Globalization;
using PointsDemo.Processes;

namespace PointsDemo.Bench.Soak;

/// <summary>Resident memory (RSS) from <c>/proc/&lt;pid&gt;/status</c>, summed over a part's processes.</summary>
internal static class ProcessMemory
{
    /// <summary>MiB resident per part, with a part's children (PostgreSQL's backends) counted in.</summary>
    public static IReadOnlyDictionary<string, double> Sample(IReadOnlyDictionary<string, IReadOnlyList<int>> parts) =>
        parts.ToDictionary(
            part => part.Key,
            part => Math.Round(part.Value.Concat(part.Value.SelectMany(ProcessTree.ChildrenOf)).Distinct().Sum(ResidentKib) / 1024.0, 1),
            StringComparer.Ordinal);

    /// <summary>A <c>VmRSS:   1234 kB</c> line's value; 0 when the process is gone.</summary>
    internal static long ResidentKib(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
