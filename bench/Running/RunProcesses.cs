using PointsDemo.Processes;

namespace PointsDemo.Bench.Running;

/// <summary>
/// The processes of a run started from this process, by part of the system: DCP watches the process
/// that started it (<c>--monitor &lt;pid&gt;</c>) and runs every resource under itself, so its process tree is the system.
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
        var tree = ProcessTree.TreesMentioning($"--monitor {starter} ");
        var byPart = Parts.ToDictionary(
            part => part.Part,
            part => (IReadOnlyList<int>)[.. tree.Where(p => part.Is(p.CommandLine)).Select(p => p.Pid)],
            StringComparer.Ordinal);
        byPart["bench (load, AppHost)"] = [starter];
        return byPart;
    }
}
