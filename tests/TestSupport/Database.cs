using Npgsql;

namespace PointsDemo.TestSupport;

/// <summary>Reads a test database directly, the way an operator would check what was stored, and takes it offline.</summary>
public static class Database
{
    public static async Task<long> CountAsync(string connectionString, string table) =>
        (long)(await ExecuteAsync(connectionString, $"SELECT count(*) FROM {table}", command => command.ExecuteScalarAsync(TestContext.Current.CancellationToken)))!;

    /// <summary>Makes the database refuse connections, as if its server were gone, and drops the connections it has.</summary>
    public static async Task TakeOfflineAsync(string serverConnectionString, string connectionString)
    {
        var name = NameOf(connectionString);
        await ExecuteNonQueryAsync(serverConnectionString, $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
        await ExecuteNonQueryAsync(serverConnectionString, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
        NpgsqlConnection.ClearAllPools();
    }

    public static Task BringOnlineAsync(string serverConnectionString, string connectionString) =>
        ExecuteNonQueryAsync(serverConnectionString, $"ALTER DATABASE \"{NameOf(connectionString)}\" ALLOW_CONNECTIONS true");

    // Test database names are letters, digits and underscores (PostgresFixture makes them so): safe to inline.
    private static string NameOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private static Task<int> ExecuteNonQueryAsync(string connectionString, string sql) =>
        ExecuteAsync(connectionString, sql, command => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));

    private static async Task<T> ExecuteAsync<T>(string connectionString, string sql, Func<NpgsqlCommand, Task<T>> execute)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await execute(command);
    }
}
