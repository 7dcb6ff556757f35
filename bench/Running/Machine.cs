using System.Globalization;
using System.Runtime.InteropServices;

namespace PointsDemo.Bench.Running;

/// <summary>What the figures depend on besides the code: cores, OS, runtime, and how busy the machine was.</summary>
internal static class Machine
{
    /// <summary>The 1, 5 and 15 minute load averages; empty where <c>/proc/loadavg</c> does not exist.</summary>
    public static IReadOnlyList<double> LoadAverage()
    {
        const string LoadFile = "/proc/loadavg";
        return File.Exists(LoadFile) ? ParseLoadAverage(File.ReadAllText(LoadFile)) : [];
    }

    /// <summary>The first three fields of a <c>/proc/loadavg</c> line.</summary>
    public static IReadOnlyList<double> ParseLoadAverage(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
    }

    public static string Os => RuntimeInformation.OSDescription;

    public static string Runtime => RuntimeInformation.FrameworkDescription;
}
