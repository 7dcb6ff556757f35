using Npgsql;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>One statement on a fresh connection: the tests' way to look into a database.</summary>
internal static class Sql
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(Cancellation);
        return value is DBNull ? default! : (T)value!;
    }
}
