using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>Starting and stopping clusters of their own: what is left behind, and what a start clears up.</summary>
public sealed class ClusterLifecycleTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_shuts_the_server_down_cleanly_and_leaves_no_process_and_no_folder()
    {
        var log = new RecordingLogger();
        var cluster = await PostgresCluster.StartAsync(logger: log, cancellationToken: Cancellation);
        var (serverId, folder) = (cluster.ServerProcessId, cluster.Folder);
        Assert.True(Machine.ProcessExists(serverId));
        Assert.NotEmpty(Machine.ProcessesMentioning(folder));

        // A session still open at the stop: a fast shutdown disconnects it rather than waiting for it.
        var open = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false }.ConnectionString);
        await open.OpenAsync(Cancellation);

        await cluster.DisposeAsync();
        await cluster.DisposeAsync(); // a second stop is harmless

        Assert.False(Machine.ProcessExists(serverId));
        Assert.Empty(Machine.ProcessesMentioning(folder));
        Assert.False(Directory.Exists(folder));
        Assert.True(log.Saw("database system is shut down"), "the server logs this line only after a clean shutdown");
        await open.DisposeAsync();
    }

    [Fact]
    public async Task A_start_stops_and_removes_clusters_whose_owner_process_is_gone_and_leaves_the_rest()
    {
        using var baseFolder = new TestFolder();
        var options = new PostgresClusterOptions { BaseFolder = baseFolder.Path };
        var goneOwner = await Machine.IdOfAnEndedProcessAsync(Cancellation);

        // A crashed run: its server still runs, in a folder whose owner process is gone.
        var orphan = await PostgresCluster.StartAsync(options, new RecordingLogger(), goneOwner, FreePort.Pick, Cancellation);
        // A crashed run whose server died too: only its folder and a stale postmaster.pid remain.
        var leftover = baseFolder.Create($"pointsdemo-pg-{goneOwner}-0000dead/data");
        await File.WriteAllTextAsync(Path.Combine(leftover, "postmaster.pid"), $"{goneOwner}\n{leftover}\n", Cancellation);
        // A folder of a running process (this one) and a folder that is not a cluster's.
        var inUse = baseFolder.Create($"pointsdemo-pg-{Environment.ProcessId}-0000beef");
        var unrelated = baseFolder.Create("pointsdemo-other");

        var log = new RecordingLogger();
        await using (var fresh = await PostgresCluster.StartAsync(options, log, cancellationToken: Cancellation))
        {
            Assert.False(Machine.ProcessExists(orphan.ServerProcessId));
            Assert.False(Directory.Exists(orphan.Folder));
            Assert.False(Directory.Exists(Path.GetDirectoryName(leftover)));
            Assert.True(Directory.Exists(inUse));
            Assert.True(Directory.Exists(unrelated));
            Assert.True(log.Saw($"Stopping PostgreSQL (process {orphan.ServerProcessId})"));
            Assert.True(Directory.Exists(fresh.Folder));
        }

        await orphan.DisposeAsync(); // its server and folder are already gone: nothing to do, no error
    }

    [Fact]
    public async Task A_durable_cluster_flushes_every_commit_as_a_production_server_does()
    {
        using var baseFolder = new TestFolder();
        await using var cluster = await PostgresCluster.StartAsync(new PostgresClusterOptions { BaseFolder = baseFolder.Path, Durable = true }, cancellationToken: Cancellation);

        foreach (var setting in new[] { "fsync", "full_page_writes", "synchronous_commit" })
        {
            Assert.Equal("on", await Sql.ScalarAsync<string>(cluster.ConnectionString, $"SELECT current_setting('{setting}')"));
        }
    }

    [Fact]
    public async Task A_server_that_cannot_start_fails_with_its_last_log_lines_and_leaves_nothing_behind()
    {
        using var baseFolder = new TestFolder();
        var options = new PostgresClusterOptions { BaseFolder = baseFolder.Path, MaxConnections = 0 };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresCluster.StartAsync(options, cancellationToken: Cancellation));

        Assert.Contains("PostgreSQL exited during start-up", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_connections", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(baseFolder.Path));
        Assert.Empty(Machine.ProcessesMentioning(baseFolder.Path));
    }

    [Fact]
    public async Task A_base_folder_too_deep_for_a_socket_path_is_refused_up_front_and_leaves_nothing_behind()
    {
        using var baseFolder = new TestFolder();
        var deep = Directory.CreateDirectory(Path.Combine(baseFolder.Path, new string('d', 60), new string('e', 60))).FullName;
        var options = new PostgresClusterOptions { BaseFolder = deep };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresCluster.StartAsync(options, cancellationToken: Cancellation));

        Assert.Contains("longer than the 107 bytes a socket path may have", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(deep));
    }

    [Fact]
    public async Task A_start_cancelled_once_the_server_runs_stops_that_server_and_leaves_nothing_behind()
    {
        using var baseFolder = new TestFolder();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        // The server process runs but is not ready yet: a start abandoned half-way.
        var log = new RecordingLogger(message =>
        {
            if (message.Contains("starting PostgreSQL", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => PostgresCluster.StartAsync(new PostgresClusterOptions { BaseFolder = baseFolder.Path }, log, cancel.Token));

        Assert.True(log.Saw("starting PostgreSQL"));
        Assert.True(log.Saw("received fast shutdown request"), "the server is stopped, not left to fail on its deleted folder");
        Assert.Empty(Machine.ProcessesMentioning(baseFolder.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(baseFolder.Path));
    }

    [Fact]
    public async Task A_port_taken_before_the_server_binds_it_is_replaced_by_another()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var offered = new Queue<int>([takenPort]);
        var log = new RecordingLogger();

        await using var cluster = await PostgresCluster.StartAsync(
            new PostgresClusterOptions(), log, Environment.ProcessId, () => offered.TryDequeue(out var port) ? port : FreePort.Pick(), Cancellation);

        Assert.NotEqual(takenPort, cluster.Port);
        Assert.True(log.Saw($"Port {takenPort} was taken"));
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync(Cancellation);
    }
}
