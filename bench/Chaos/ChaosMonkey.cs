using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using PointsDemo.Bench.Running;
using PointsDemo.Processes;

namespace PointsDemo.Bench.Chaos;

/// <summary>
/// Kills a random process of the system with SIGKILL at random moments, as a crash would, and starts
/// it again after a random pause with the start command the dashboard's button runs; one time in
/// five it restarts it with the dashboard's Restart command instead, as someone clicking it would.
/// One victim at a time; the random choices come from one seeded generator, so a seed replays the
/// same choices.
/// </summary>
internal sealed class ChaosMonkey(Random random, ResourceInstances instances, ResourceCommandService commands, Action<string> say)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, int> _kills = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _restarts = new(StringComparer.Ordinal);

    /// <summary>Kills so far, by resource (the replicas of a service counted together).</summary>
    public IReadOnlyDictionary<string, int> Kills => new SortedDictionary<string, int>(_kills, StringComparer.Ordinal);

    /// <summary>Restarts with the dashboard's Restart command so far, by resource.</summary>
    public IReadOnlyDictionary<string, int> Restarts => new SortedDictionary<string, int>(_restarts, StringComparer.Ordinal);

    /// <summary>
    /// Runs for <paramref name="duration"/>, and on until <paramref name="minimumKills"/> processes
    /// were killed, which a slow machine (longer starts, fewer rounds) or a run of restarts may not
    /// reach in time; never longer than twice <paramref name="duration"/>.
    /// </summary>
    public async Task RunAsync(TimeSpan duration, int minimumKills, CancellationToken cancellationToken)
    {
        // Every kind of process dies at least once: the first victims come from each resource in a
        // shuffled order, the rest from anything that runs.
        var firsts = new Queue<string>(instances.All.Select(i => i.Resource).Distinct().OrderBy(_ => random.Next()));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration || (_kills.Values.Sum() < minimumKills && clock.Elapsed < 2 * duration))
        {
            await Task.Delay(Between(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3)), cancellationToken);
            // Only what runs now: a process started a moment ago may not have its new process id reported yet.
            var running = instances.All
                .Where(i => i.IsRunning && i.ProcessId is { } pid && Alive(pid) && Workers(pid).Count > 0)
                .Where(i => firsts.Count == 0 || i.Resource == firsts.Peek())
                .ToList();
            if (running.Count == 0)
            {
                continue;
            }

            var victim = running[random.Next(running.Count)];
            if (!firsts.TryDequeue(out _) && random.Next(5) == 0)
            {
                say($"Restart {victim.Id} from the dashboard's command at {clock.Elapsed.TotalSeconds:0.0} s");
                await RunCommandAsync(victim.Id, KnownResourceCommands.RestartCommand, cancellationToken);
                _restarts.AddOrUpdate(victim.Resource, 1, (_, count) => count + 1);
                continue;
            }

            var pause = Between(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3));
            await KillAsync(victim, cancellationToken);
            _kills.AddOrUpdate(victim.Resource, 1, (_, count) => count + 1);
            say($"SIGKILL {victim.Id} at {clock.Elapsed.TotalSeconds:0.0} s; started again in {pause.TotalSeconds:0.0} s");
            await Task.Delay(pause, cancellationToken);
            await RunCommandAsync(victim.Id, KnownResourceCommands.StartCommand, cancellationToken);
        }
    }

    /// <summary>Starts every instance that is not running (after the chaos, before the system settles).</summary>
    public async Task StartStoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var stopped in instances.All.Where(i => i.IsStopped))
        {
            await RunCommandAsync(stopped.Id, KnownResourceCommands.StartCommand, cancellationToken);
        }
    }

    // The process that works is killed. PostgreSQL's backends outlive their postmaster for a moment;
    // the server cannot start again until they are gone.
    private async Task KillAsync(ResourceInstances.Instance victim, CancellationToken cancellationToken)
    {
        var working = Workers(victim.ProcessId!.Value);
        var theirChildren = working.SelectMany(ProcessTree.ChildrenOf).ToList();
        foreach (var pid in working)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        var deadline = Stopwatch.StartNew();
        while ((!instances.Get(victim.Id).IsStopped || theirChildren.Any(Alive)) && deadline.Elapsed < StopTimeout)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task RunCommandAsync(string id, string command, CancellationToken cancellationToken)
    {
        var result = await commands.ExecuteCommandAsync(id, command, cancellationToken);
        if (!result.Success)
        {
            say($"{command} {id} failed: {result.Message}");
        }
    }

    private TimeSpan Between(TimeSpan least, TimeSpan most) => least + (most - least) * random.NextDouble();

    // DCP runs a service's or the broker's built program itself, and that process works. PostgreSQL's
    // server (and an application left to `dotnet run`) sits under a supervisor, a shell or `dotnet
    // run`: the one that works is its child, and killing it makes the supervisor exit as a crash
    // would, which DCP sees. A supervisor without a child has not started its worker yet.
    private static IReadOnlyList<int> Workers(int pid)
    {
        var arguments = ProcessTree.CommandLineOf(pid).Split(' ');
        var supervises = Path.GetFileName(arguments[0]) is "sh" or "bash"
            || (Path.GetFileName(arguments[0]) == "dotnet" && arguments is [_, "run", ..]);
        return supervises ? ProcessTree.ChildrenOf(pid) : [pid];
    }

    // A zombie has exited: it only waits for a parent to reap it, which an orphan's may never do.
    private static bool Alive(int pid) => ProcessTree.IsAlive(pid);
}
