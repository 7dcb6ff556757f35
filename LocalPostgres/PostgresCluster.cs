using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace PointsDemo.LocalPostgres;

/// <summary>
/// A throwaway PostgreSQL server started from the machine's PostgreSQL binaries, for tests, the
/// AppHost's local mode and benchmarks, where no Docker engine is at hand.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="StartAsync(PostgresClusterOptions?, ILogger?, CancellationToken)"/> finds the binaries
/// (see <see cref="PostgresBinaries"/>), creates a fresh cluster in a folder of its own
/// (<c>/tmp/pointsdemo-pg-&lt;pid&gt;-&lt;random&gt;</c> by default), and starts the server on a free
/// loopback port; the task completes once the server accepts connections. When this process is
/// root the server runs as the <c>postgres</c> OS user, since PostgreSQL refuses to run as root.
/// The settings trade durability for speed (<c>fsync</c>, <c>synchronous_commit</c> and
/// <c>full_page_writes</c> off): the data is meant to be thrown away.
/// </para>
/// <para>
/// <see cref="DisposeAsync"/> stops the server (a fast shutdown) and deletes the folder. Folders
/// left by a crashed run, and a server still running in one, are removed by the next start.
/// </para>
/// <code>
/// await using var cluster = await PostgresCluster.StartAsync(logger: logger);
/// var usersDb = await cluster.CreateDatabaseAsync("usersdb");   // a connection string
/// </code>
/// </remarks>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const int PortAttempts = 5;

    private readonly ServerControl _control;
    private readonly ServerProcess _server;
    private readonly ClusterFolder _folder;
    private readonly PostgresClusterOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _stopGate = new();
    private Task? _stopping;

    private PostgresCluster(ServerControl control, ServerProcess server, ClusterFolder folder, int port, string password, PostgresClusterOptions options, ILogger logger)
    {
        _control = control;
        _server = server;
        _folder = folder;
        _options = options;
        _logger = logger;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = ServerControl.Superuser,
            Password = password,
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>The connection string of the server's <c>postgres</c> database, as the superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The folder the cluster owns (data directory, socket); deleted when the cluster stops.</summary>
    public string Folder => _folder.Root;

    /// <summary>The folder of the PostgreSQL programs in use.</summary>
    public string BinFolder => _control.Binaries.Folder;

    /// <summary>The postmaster's process id.</summary>
    public int ServerProcessId => _server.Id;

    /// <summary>Creates a cluster and starts its server; completes when the server accepts connections.</summary>
    /// <param name="options">Where the binaries are, where the files go, server settings; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Receives the cluster's own messages and the server's log lines.</param>
    /// <param name="cancellationToken">Abandons the start; whatever was created is removed.</param>
    /// <exception cref="PostgresNotFoundException">No PostgreSQL binaries; the message says what to install or set.</exception>
    /// <exception cref="InvalidOperationException">The cluster could not be created or started; the message includes the server's last log lines.</exception>
    /// <exception cref="TimeoutException">The server was not ready within <see cref="PostgresClusterOptions.StartTimeout"/>.</exception>
    public static Task<PostgresCluster> StartAsync(PostgresClusterOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new PostgresClusterOptions(), logger ?? NullLogger.Instance, Environment.ProcessId, FreePort.Pick, cancellationToken);

    // The full form: tests name a different owner process (to play a crashed run) or hand out a taken port.
    internal static async Task<PostgresCluster> StartAsync(
        PostgresClusterOptions options, ILogger logger, int ownerProcessId, Func<int> pickPort, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var control = new ServerControl(PostgresBinaries.Find(options.BinFolder), ServerUser.ForThisProcess(options.ServerUser));
        var folder = await ClusterFolder.CreateAsync(control, options, ownerProcessId, logger, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);
        ServerProcess? server = null;
        try
        {
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            await control.InitAsync(folder, password, deadline.Token);
            int port;
            for (var attempt = 1; ; attempt++)
            {
                port = pickPort();
                server = ServerProcess.Start(control, folder, port, options, new ServerLog(logger));
                if (await server.WaitUntilReadyAsync(folder, deadline.Token))
                {
                    break;
                }

                // Another process took the port between our check and the server's bind: rare, and worth another try.
                if (server.Log.Mentions("Address already in use") && attempt < PortAttempts)
                {
                    ClusterLog.PortTaken(logger, port);
                    server.Dispose();
                    server = null;
                    continue;
                }

                throw new InvalidOperationException($"PostgreSQL exited during start-up with code {server.ExitCode}.{LastLogLines(server)}");
            }

            var cluster = new PostgresCluster(control, server, folder, port, password, options, logger);
            await cluster.CheckConnectionAsync(deadline.Token);
            ClusterLog.Ready(logger, port, elapsed.ElapsedMilliseconds, control.Binaries.Folder, folder.Root, control.User.Name);
            return cluster;
        }
        catch (Exception error)
        {
            // Whatever failed, even the wait for readiness, the server (if any) is stopped before its folder goes.
            await AbandonAsync(control, server, folder, options, logger);
            if (error is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"PostgreSQL was not ready within {options.StartTimeout.TotalSeconds:0} s.{LastLogLines(server)}", error);
            }

            throw;
        }
    }

    /// <summary>The connection string for <paramref name="database"/> on this server, as the superuser.</summary>
    public string ConnectionStringFor(string database) => PostgresAdmin.ConnectionStringFor(ConnectionString, database);

    /// <summary>Creates a database (an existing one is fine) and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        PostgresAdmin.CreateDatabaseAsync(ConnectionString, name, cancellationToken);

    /// <summary>
    /// Stops the server with a fast shutdown (open sessions are disconnected) and deletes the folder.
    /// Safe to call more than once; <paramref name="cancellationToken"/> stops the waiting, not the stop.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopGate)
        {
            _stopping ??= StopCoreAsync();
        }

        return _stopping.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the server and deletes the folder, as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task StopCoreAsync()
    {
        if (!await StopServerAsync(_control, _server, _folder, _options))
        {
            ClusterLog.DidNotStop(_logger, _server.Id, _folder.Root);
            return;
        }

        _server.Dispose();
        DeleteFolder(_folder, _logger);
        ClusterLog.Stopped(_logger, Port, _folder.Root);
    }

    private async Task CheckConnectionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<bool> StopServerAsync(ServerControl control, ServerProcess server, ClusterFolder folder, PostgresClusterOptions options)
    {
        if (!server.HasExited)
        {
            await control.StopAsync(folder, options.StopTimeout, CancellationToken.None);
        }

        return await server.WaitForExitAsync(options.StopTimeout, CancellationToken.None);
    }

    // Undoes a start that failed half-way; errors here must not hide the one that made the start fail.
    private static async Task AbandonAsync(ServerControl control, ServerProcess? server, ClusterFolder folder, PostgresClusterOptions options, ILogger logger)
    {
        try
        {
            if (server is not null && !await StopServerAsync(control, server, folder, options))
            {
                ClusterLog.DidNotStop(logger, server.Id, folder.Root);
                return;
            }

            server?.Dispose();
            DeleteFolder(folder, logger);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            ClusterLog.FolderNotRemoved(logger, folder.Root, error.Message);
        }
    }

    private static void DeleteFolder(ClusterFolder folder, ILogger logger)
    {
        try
        {
            folder.Delete();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The next start removes it, once this process is gone.
            ClusterLog.FolderNotRemoved(logger, folder.Root, error.Message);
        }
    }

    private static string LastLogLines(ServerProcess? server) =>
        server is null || server.Log.Recent.Count == 0
            ? ""
            : $" The server's last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, server.Log.Recent.TakeLast(20))}";
}
