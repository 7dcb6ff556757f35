using System.Diagnostics;

namespace PointsDemo.LocalPostgres;

/// <summary>
/// The running postmaster, a child of this process (through <c>setpriv</c>, which execs, when
/// this process is root): its log lines come through its stderr, its exit is observed directly.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task _exited;

    private ServerProcess(Process process, ServerLog log)
    {
        _process = process;
        Id = process.Id;
        Log = log;
        _exited = process.WaitForExitAsync();
    }

    public int Id { get; }

    public ServerLog Log { get; }

    public bool HasExited => _exited.IsCompleted;

    public int ExitCode => _process.ExitCode;

    public static ServerProcess Start(ServerControl control, ClusterFolder folder, int port, PostgresClusterOptions options, ServerLog log)
    {
        var startInfo = control.User.StartInfo(control.Binaries.Postgres, ServerArguments.For(folder, port, options), folder.Root, ownSession: true);

        var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, line) => log.Add(line.Data);
        process.OutputDataReceived += (_, line) => log.Add(line.Data);
        ServerUser.Start(process);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new ServerProcess(process, log);
    }

    /// <summary>
    /// Waits until the server says it is ready (true) or exits (false). Polls <c>postmaster.pid</c>
    /// as <c>pg_ctl -w</c> does, but every few milliseconds; the caller's token carries the deadline.
    /// </summary>
    public async Task<bool> WaitUntilReadyAsync(ClusterFolder folder, CancellationToken cancellationToken)
    {
        var pollInterval = TimeSpan.FromMilliseconds(10);
        while (!folder.PostmasterSaysReady(Id))
        {
            if (HasExited)
            {
                return false;
            }

            await Task.WhenAny(_exited, Task.Delay(pollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return true;
    }

    /// <summary>Waits for the server to exit; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Task.WhenAny(_exited, Task.Delay(timeout, cancellationToken));
        return HasExited;
    }

    public void Dispose() => _process.Dispose();
}
