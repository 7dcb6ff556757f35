namespace PointsDemo.Bench.Running;

/// <summary>
/// The processes of a run started from this process, by part: DCP watches the process that started
/// it (<c>--monitor &lt;pid&gt;</c>) and runs every resource under itself, so its process tree is the system.
/// </summary>
internal static class RunProcesses
{
    private static readonly (string Part, Func<string, bool> Is)[] Parts =
    [
        ("user-service", commandLine => commandLine.EndsWith("/UserService", StringComparison.Ordinal)),
        ("points-service", commandLine => commandLine.EndsWith("/PointsService", StringComparison.Ordinal)),
        ("rocketmq-broker", commandLine => commandLine.Contains("/RocketMq.DevBroker ", StringComparison.Ordinal)),
        // The postmaster; its backends are its children, which ProcessCpu counts with it.
        ("postgres", commandLine => commandLine.Contains("/postgres -D ", StringComparison.Ordinal)),
        ("dashboard", commandLine => commandLine.Contains("/Aspire.Dashboard", StringComparison.Ordinal)),
        ("dcp (orchestrator, proxies)", commandLine => commandLine.Contains("/dcp ", StringComparison.Ordinal)),
    ];

    public static IReadOnlyDictionary<string, IReadOnlyList<int>> ByPart(int starter)
    {
        var processes = Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? (Pid: pid, CommandLine: CommandLine(pid), Parent: ParentOf(pid)) : default)
            .Where(p => p.Pid > 0)
            .ToList();
        var tree = processes.Where(p => p.CommandLine.Contains($"--monitor {starter} ", StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        for (var grew = true; grew;)
        {
            var children = processes.Where(p => !tree.Contains(p.Pid) && tree.Contains(p.Parent)).Select(p => p.Pid).ToList();
            tree.UnionWith(children);
            grew = children.Count > 0;
        }

        var byPart = Parts.ToDictionary(
            part => part.Part,
            part => (IReadOnlyList<int>)[.. processes.Where(p => tree.Contains(p.Pid) && part.Is(p.CommandLine)).Select(p => p.Pid)],
            StringComparer.Ordinal);
        byPart["bench (load, AppHost)"] = [starter];
        return byPart;
    }

    /// <summary>Whether <paramref name="pid"/> runs: it exists and is not a zombie, which has exited and only waits to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        var close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length && stat[close + 2] != 'Z';
    }

    /// <summary>The processes whose parent is <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var child) ? child : 0)
            .Where(child => child > 0 && ParentOf(child) == pid)];

    private static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();

    private static int ParentOf(int pid) => ProcessCpu.ParseStat(Read($"/proc/{pid}/stat")) is { } stat ? stat.ParentPid : 0;

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
