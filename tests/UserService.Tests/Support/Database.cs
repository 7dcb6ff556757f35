using Npgsql;

namespace PointsDemo.Services.Testing;

/// <summary>Reads a test database directly, the way an operator would check what was stored.</summary>
internal static class Database
{
    public static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Makes the database refuse connections, as if its server were gone, and drops the connections it has.</summary>
    public static async Task TakeOfflineAsync(string serverConnectionString, string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var refuse = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false", connection);
        await refuse.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        await using var drop = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection);
        drop.Parameters.AddWithValue("name", name!);
        await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        NpgsqlConnection.ClearAllPools();
    }

    public static async Task BringOnlineAsync(string serverConnectionString, string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var allow = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true", connection);
        await allow.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
