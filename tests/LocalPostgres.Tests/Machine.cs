using System.Diagnostics;
using System.Globalization;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>What the tests check about processes and folders on this machine, read from /proc.</summary>
internal static class Machine
{
    public static bool ProcessExists(int processId) => Directory.Exists($"/proc/{processId}");

    /// <summary>The session id of a process (field 6 of /proc/pid/stat; the name before it may hold spaces).</summary>
    public static int SessionOf(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(afterName[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Processes whose command line mentions <paramref name="text"/> (a cluster's folder, say).</summary>
    public static IReadOnlyList<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>The real user id a process runs as (the "Uid:" line of /proc/pid/status).</summary>
    public static int UserIdOf(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public static async Task<int> UserIdOfAsync(string userName, CancellationToken cancellationToken)
    {
        using var id = Process.Start(new ProcessStartInfo("id", ["-u", userName]) { RedirectStandardOutput = true })!;
        var output = await id.StandardOutput.ReadToEndAsync(cancellationToken);
        await id.WaitForExitAsync(cancellationToken);
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The id of a process that has certainly ended: it ran and we waited for it.</summary>
    public static async Task<int> IdOfAnEndedProcessAsync(CancellationToken cancellationToken)
    {
        using var process = Process.Start("true");
        await process.WaitForExitAsync(cancellationToken);
        return process.Id;
    }
}
