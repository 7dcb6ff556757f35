namespace PointsDemo.Processes;

/// <summary>
/// What <c>/proc</c> (Linux) says of running processes and their descendants: how the bench finds
/// the processes of a system it started, and how the AppHost's tests check that a stop left none.
/// Linked as source into the bench and the test support.
/// </summary>
internal static class ProcessTree
{
    /// <summary>The running processes whose command line contains <paramref name="text"/>, with their descendants.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> TreesMentioning(string text) =>
        WithDescendants(running => running.Where(p => p.CommandLine.Contains(text, StringComparison.Ordinal)));

    /// <summary>A running process and its descendants.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Tree(int pid) =>
        WithDescendants(running => running.Where(p => p.Pid == pid));

    /// <summary>
    /// What <c>dotnet run --project AppHost</c> started as <paramref name="pid"/> consists of: that
    /// process with its descendants, and the trees of every process that watches one of them, which
    /// is how DCP and the resources it runs (the dashboard, PostgreSQL, the broker, the services)
    /// follow the AppHost (<c>--monitor &lt;pid&gt;</c>) without being its children.
    /// </summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> AppHostRun(int pid)
    {
        var run = Tree(pid);
        return [.. run, .. run.SelectMany(p => TreesMentioning($"--monitor {p.Pid} "))];
    }

    /// <summary>Whether <paramref name="pid"/> runs: it exists and is not a zombie, which has exited and only waits to be reaped.</summary>
    public static bool IsAlive(int pid) => StateOf(pid) is { } state && state != 'Z';

    /// <summary>The command line of <paramref name="pid"/>, its arguments separated by spaces; empty when it has gone.</summary>
    public static string CommandLineOf(int pid) => CommandLine(pid);

    /// <summary>The processes whose parent is <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) => [.. ProcessIds().Where(child => ParentOf(child) == pid)];

    private static IReadOnlyList<(int Pid, string CommandLine)> WithDescendants(
        Func<IReadOnlyList<(int Pid, string CommandLine, int Parent)>, IEnumerable<(int Pid, string CommandLine, int Parent)>> roots)
    {
        var running = ProcessIds()
            .Where(IsAlive)
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

    private static IEnumerable<int> ProcessIds() =>
        Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    // The command name (the stat line's second field) is in parentheses and may hold spaces: the
    // fields after its ')' are state, then parent pid.
    private static char? StateOf(int pid) => StatFieldsOf(pid) is [{ Length: 1 } state, ..] ? state[0] : null;

    private static int ParentOf(int pid) => StatFieldsOf(pid) is [_, var parent, ..] && int.TryParse(parent, out var ppid) ? ppid : 0;

    private static string[] StatFieldsOf(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        var close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length ? stat[(close + 2)..].Split(' ') : [];
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The process ended between the listing and the read.
            return "";
        }
    }
}
