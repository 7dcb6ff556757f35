using Microsoft.Extensions.Logging;
using Npgsql;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>What a started cluster offers, checked on the shared cluster.</summary>
public sealed class RunningClusterTests(SharedCluster shared)
{
    private readonly PostgresCluster _cluster = shared.Cluster;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accepts_connections_and_runs_sql()
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync(Cancellation);

        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE greeting (text text); INSERT INTO greeting VALUES ('hello'), ('world')", connection))
        {
            await create.ExecuteNonQueryAsync(Cancellation);
        }

        await using var query = new NpgsqlCommand("SELECT string_agg(text, ' ' ORDER BY text), current_user, current_database() FROM greeting", connection);
        await using var reader = await query.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation));
        Assert.Equal("hello world", reader.GetString(0));
        Assert.Equal("postgres", reader.GetString(1));
        Assert.Equal("postgres", reader.GetString(2));
    }

    [Fact]
    public void The_server_runs_in_a_session_of_its_own_so_a_ctrl_c_at_our_terminal_does_not_reach_it()
    {
        var serverSession = Machine.SessionOf(_cluster.ServerProcessId);

        Assert.Equal(_cluster.ServerProcessId, serverSession);
        Assert.NotEqual(Machine.SessionOf(Environment.ProcessId), serverSession);
    }

    [Fact]
    public async Task Runs_with_the_throwaway_settings_on_loopback_with_its_socket_in_its_own_folder()
    {
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString);
        await connection.OpenAsync(Cancellation);

        Assert.Equal("off", await SettingAsync(connection, "fsync"));
        Assert.Equal("off", await SettingAsync(connection, "synchronous_commit"));
        Assert.Equal("off", await SettingAsync(connection, "full_page_writes"));
        Assert.Equal("200", await SettingAsync(connection, "max_connections"));
        Assert.Equal("127.0.0.1", await SettingAsync(connection, "listen_addresses"));
        Assert.Equal("UTF8", await SettingAsync(connection, "server_encoding"));
        Assert.StartsWith(_cluster.Folder, await SettingAsync(connection, "unix_socket_directories"), StringComparison.Ordinal);
        Assert.StartsWith(_cluster.Folder, await SettingAsync(connection, "data_directory"), StringComparison.Ordinal);
        Assert.Equal(_cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), await SettingAsync(connection, "port"));
    }

    [Fact]
    public async Task Runs_the_server_as_the_postgres_user_when_started_by_root_and_as_the_caller_otherwise()
    {
        var expectedUserId = Environment.IsPrivilegedProcess
            ? await Machine.UserIdOfAsync("postgres", Cancellation)
            : Machine.UserIdOf(Environment.ProcessId);

        Assert.Equal(expectedUserId, Machine.UserIdOf(_cluster.ServerProcessId));
        Assert.NotEqual(0, Machine.UserIdOf(_cluster.ServerProcessId));
    }

    [Fact]
    public async Task Requires_the_password_over_tcp()
    {
        var wrongPassword = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Password = "not-the-password", Pooling = false };
        await using var connection = new NpgsqlConnection(wrongPassword.ConnectionString);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(Cancellation));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task Databases_are_isolated_from_each_other()
    {
        var first = await _cluster.CreateDatabaseAsync("isolation_first", Cancellation);
        var second = await _cluster.CreateDatabaseAsync("isolation_second", Cancellation);

        await Sql.ExecuteAsync(first, "CREATE TABLE only_here (id int); INSERT INTO only_here VALUES (1)");

        Assert.Equal("isolation_first", await Sql.ScalarAsync<string>(first, "SELECT current_database()"));
        Assert.Equal("isolation_second", await Sql.ScalarAsync<string>(second, "SELECT current_database()"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(first, "SELECT count(*) FROM only_here"));
        Assert.Null(await Sql.ScalarAsync<string?>(second, "SELECT to_regclass('only_here')::text"));
        Assert.Equal(_cluster.ConnectionStringFor("isolation_second"), second);
    }

    [Fact]
    public async Task Creating_a_database_that_exists_keeps_it_and_its_data()
    {
        var connectionString = await _cluster.CreateDatabaseAsync("created_twice", Cancellation);
        await Sql.ExecuteAsync(connectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");

        var again = await _cluster.CreateDatabaseAsync("created_twice", Cancellation);

        Assert.Equal(connectionString, again);
        Assert.Equal(7, await Sql.ScalarAsync<int>(again, "SELECT id FROM kept"));
    }

    [Fact]
    public async Task Creates_databases_concurrently()
    {
        var names = Enumerable.Range(1, 8).Select(i => $"concurrent_{i}").ToList();

        var connectionStrings = await Task.WhenAll(names.Select(name => _cluster.CreateDatabaseAsync(name, Cancellation)));

        var reported = await Task.WhenAll(connectionStrings.Select(cs => Sql.ScalarAsync<string>(cs, "SELECT current_database()")));
        Assert.Equal(names, reported);
    }

    [Fact]
    public async Task Serves_a_hundred_connections_at_once()
    {
        const int Connections = 100;
        var pooled = new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { MaxPoolSize = Connections, ApplicationName = "hundred-at-once" };
        await using var dataSource = NpgsqlDataSource.Create(pooled);

        // Open them all before closing any, so the server holds every one at the same moment.
        var connections = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => dataSource.OpenConnectionAsync(Cancellation).AsTask()));
        try
        {
            var backends = await Task.WhenAll(connections.Select(async connection =>
            {
                await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
                return (int)(await command.ExecuteScalarAsync(Cancellation))!;
            }));

            Assert.Equal(Connections, backends.Distinct().Count());
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'hundred-at-once'", connections[0]);
            Assert.Equal((long)Connections, await count.ExecuteScalarAsync(Cancellation));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Forwards_the_server_log_to_the_logger()
    {
        Assert.Contains(shared.Log.Entries, entry =>
            entry.Level == LogLevel.Information && entry.Message.Contains("database system is ready to accept connections", StringComparison.Ordinal));
        Assert.Contains(shared.Log.Entries, entry =>
            entry.Level == LogLevel.Information && entry.Message.Contains($"PostgreSQL ready on 127.0.0.1:{_cluster.Port}", StringComparison.Ordinal));
    }

    private static async Task<string> SettingAsync(NpgsqlConnection connection, string name)
    {
        await using var command = new NpgsqlCommand("SELECT current_setting($1)", connection) { Parameters = { new() { Value = name } } };
        return (string)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}
