namespace PointsDemo.Bench.Running;

/// <summary>
/// What /proc says of the processes of a run started from this process: DCP watches the process that
/// started it (<c>--monitor &lt;pid&gt;</c>) and runs every resource under itself, so its process tree is the system.
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
        var tree = TreesMentioning($"--monitor {starter} ");
        var byPart = Parts.ToDictionary(
            part => part.Part,
            part => (IReadOnlyList<int>)[.. tree.Where(p => part.Is(p.CommandLine)).Select(p => p.Pid)],
            StringComparer.Ordinal);
        byPart["bench (load, AppHost)"] = [starter];
        return byPart;
    }

    /// <summary>The running processes whose command line contains <paramref name="text"/>, with their descendants.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> TreesMentioning(string text) =>
        WithDescendants(running => running.Where(p => p.CommandLine.Contains(text, StringComparison.Ordinal)));

    /// <summary>A running process and its descendants.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Tree(int pid) =>
        WithDescendants(running => running.Where(p => p.Pid == pid));

    private static IReadOnlyList<(int Pid, string CommandLine)> WithDescendants(
        Func<IReadOnlyList<(int Pid, string CommandLine, int Parent)>, IEnumerable<(int Pid, string CommandLine, int Parent)>> roots)
    {
        var running = Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsAlive(pid))
            .Select(pid => (Pid: pid, CommandLine: CommandLine(pid), Parent: ParentOf(pid)))
            .ToList();
        var found = roots(running).Select(p => p.Pid).ToHashSet();
        for (var grew = true; grew;)
        {
            var children = running.Where(p => !found.Contains(p.Pid) && found.Contains(p.Parent)).Select(p => p.Pid).ToList();
            found.UnionWith(children);
            grew = children.Count > 0;
        }

        return [.. running.Where(p => found.Contains(p.Pid)).Select(p => (p.Pid, p.CommandLine))];
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

    private static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

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
