using System.Globalization;

namespace PointsDemo.Bench.Running;

/// <summary>
/// CPU time used by each part of the system, from <c>/proc</c> (Linux). CPU per registration does not
/// depend on what else the machine runs, so it shows where the time goes even on a busy machine:
/// with 2 cores, 1,000 registrations/s leave 2 ms of CPU per registration for everything together.
/// </summary>
internal sealed class ProcessCpu(IReadOnlyDictionary<string, IReadOnlyList<int>> processes)
{
    /// <summary>Kernel clock ticks per second (USER_HZ), 100 on every Linux the bench runs on.</summary>
    private const double TicksPerSecond = 100;

    public static ProcessCpu None { get; } = new(new Dictionary<string, IReadOnlyList<int>>());

    /// <summary>
    /// CPU seconds (user + system) so far of each part's processes with their children (PostgreSQL's
    /// backends), except children that belong to a part themselves.
    /// </summary>
    public IReadOnlyDictionary<string, double> Sample()
    {
        var all = ReadAll();
        var named = processes.Values.SelectMany(pids => pids).ToHashSet();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, pids) in processes)
        {
            result[name] = all.Where(p => pids.Contains(p.Pid) || (pids.Contains(p.ParentPid) && !named.Contains(p.Pid))).Sum(p => p.Ticks) / TicksPerSecond;
        }

        return result;
    }

    /// <summary>CPU milliseconds per <paramref name="count"/> between two samples, by process.</summary>
    public static IReadOnlyDictionary<string, double> PerItem(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, long count)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return count <= 0
            ? new Dictionary<string, double>()
            : after.Where(a => before.ContainsKey(a.Key)).ToDictionary(
                a => a.Key, a => Math.Round((a.Value - before[a.Key]) * 1000 / count, 3), StringComparer.Ordinal);
    }

    /// <summary>Reads one <c>/proc/&lt;pid&gt;/stat</c> line: pid, parent pid, utime + stime in ticks; null when unreadable.</summary>
    internal static (int Pid, int ParentPid, long Ticks)? ParseStat(string line)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
        var close = line.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = line[(close + 2)..].Split(' ');
        if (fields.Length < 13 || !int.TryParse(line.AsSpan(0, line.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        // After ')': state(3) ppid(4) ... utime(14) stime(15), i.e. indexes 1, 11 and 12 here.
        return (pid, int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    private static List<(int Pid, int ParentPid, long Ticks)> ReadAll()
    {
        var result = new List<(int, int, long)>();
        if (!Directory.Exists("/proc"))
        {
            return result;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(folder)[0]))
            {
                continue;
            }

            try
            {
                if (ParseStat(File.ReadAllText(Path.Combine(folder, "stat"))) is { } stat)
                {
                    result.Add(stat);
                }
            }
            catch (IOException)
            {
                // The process ended between the listing and the read.
            }
        }

        return result;
    }
}
