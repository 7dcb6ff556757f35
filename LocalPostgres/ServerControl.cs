using System.Globalization;

namespace PointsDemo.LocalPostgres;

/// <summary>The PostgreSQL programs that create and stop a cluster, run as the server user.</summary>
internal sealed class ServerControl(PostgresBinaries binaries, ServerUser user)
{
    /// <summary>The superuser role <c>initdb</c> creates; the cluster's connection strings log in as it.</summary>
    public const string Superuser = "postgres";

    public PostgresBinaries Binaries => binaries;

    public ServerUser User => user;

    /// <summary>Creates the data directory with the superuser's password.</summary>
    public async Task InitAsync(ClusterFolder folder, string password, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(folder.PasswordFile, password, cancellationToken);
        try
        {
            await user.TakeOwnershipAsync(folder.Root, cancellationToken);
            var result = await user.RunAsync(
                binaries.InitDb,
                [
                    "--pgdata", folder.Data,
                    "--username", Superuser,
                    "--pwfile", folder.PasswordFile,
                    // Password (SCRAM) over TCP although the cluster is throwaway and listens on loopback only:
                    // any local user or process could otherwise log in as superuser, and the services then
                    // connect exactly as they do to a real server. The Unix socket sits in a folder only the
                    // server user can enter; "peer" lets that user in without a password for debugging (psql -h <folder>/socket).
                    "--auth-host", "scram-sha-256",
                    "--auth-local", "peer",
                    "--encoding", "UTF8",
                    "--no-locale",
                    // The data is thrown away: skipping fsync saves most of initdb's time.
                    "--no-sync",
                    "--no-instructions",
                ],
                folder.Root,
                cancellationToken);
            result.ThrowIfFailed($"Creating the PostgreSQL cluster in '{folder.Data}' failed");
        }
        finally
        {
            File.Delete(folder.PasswordFile);
        }
    }

    /// <summary>
    /// Stops the server in <paramref name="folder"/>: a fast shutdown (clients disconnected, clean
    /// checkpoint), or an immediate one (SIGQUIT) if that fails or takes too long. Never SIGKILL: it
    /// would leave <c>postmaster.pid</c> and shared memory behind. True when <c>pg_ctl</c> reports it stopped.
    /// </summary>
    public async Task<bool> StopAsync(ClusterFolder folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var fast = await PgCtlStopAsync(folder, "fast", timeout, cancellationToken);
        if (fast.ExitCode == 0)
        {
            return true;
        }

        var immediate = await PgCtlStopAsync(folder, "immediate", timeout, cancellationToken);
        return immediate.ExitCode == 0;
    }

    private Task<CommandResult> PgCtlStopAsync(ClusterFolder folder, string mode, TimeSpan timeout, CancellationToken cancellationToken) =>
        user.RunAsync(
            binaries.PgCtl,
            [
                "stop",
                "--pgdata", folder.Data,
                "--mode", mode,
                "--wait",
                "--timeout", ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            ],
            folder.Root,
            cancellationToken);
}
