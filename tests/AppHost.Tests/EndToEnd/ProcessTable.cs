namespace PointsDemo.AppHost.Tests.EndToEnd;

/// <summary>What /proc says about processes: whether one still runs, and which mention a path.</summary>
internal static class ProcessTable
{
    /// <summary>Alive means present and not a zombie (a zombie has exited and only waits to be reaped).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].First() != 'Z';
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static IReadOnlyList<string> Mentioning(string text) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out var pid) && IsAlive(pid))
            .Select(name => (Pid: name!, CommandLine: ReadCommandLine(name!)))
            .Where(p => p.CommandLine.Contains(text, StringComparison.Ordinal))
            .Select(p => $"{p.Pid}: {p.CommandLine}")];

    private static string ReadCommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
