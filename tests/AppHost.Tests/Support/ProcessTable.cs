namespace PointsDemo.AppHost.Tests.Support;

/// <summary>What /proc says about processes: which run, their command lines, their children.</summary>
internal static class ProcessTable
{
    /// <summary>Alive means present and not a zombie (a zombie has exited and only waits to be reaped).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } stat && stat.State != 'Z';

    /// <summary>The living processes whose command line contains <paramref name="text"/>, with their descendants.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> TreesMentioning(string text) =>
        WithDescendants(all => all.Where(p => p.CommandLine.Contains(text, StringComparison.Ordinal)).Select(p => p.Pid));

    /// <summary>A living process and its descendants.</summary>
    public static IReadOnlyList<(int Pid, string CommandLine)> Tree(int pid) =>
        WithDescendants(all => all.Where(p => p.Pid == pid).Select(p => p.Pid));

    private static IReadOnlyList<(int Pid, string CommandLine)> WithDescendants(Func<IReadOnlyList<(int Pid, string CommandLine)>, IEnumerable<int>> roots)
    {
        var all = Living().ToList();
        var found = roots(all).ToHashSet();
        for (var added = true; added;)
        {
            var children = all.Where(p => !found.Contains(p.Pid) && Stat(p.Pid) is { } stat && found.Contains(stat.ParentPid)).Select(p => p.Pid).ToList();
            found.UnionWith(children);
            added = children.Count > 0;
        }

        return [.. all.Where(p => found.Contains(p.Pid))];
    }

    private static IEnumerable<(int Pid, string CommandLine)> Living() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsAlive(pid))
            .Select(pid => (pid, Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()));

    private static (char State, int ParentPid)? Stat(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        if (stat.Length == 0)
        {
            return null;
        }

        // "pid (name) S ppid ...": the name may contain spaces and parentheses, so read after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
    }

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
