using Npgsql;

namespace PointsDemo.LocalPostgres;

/// <summary>Server-level chores on any PostgreSQL server, given a connection string that may create databases.</summary>
public static class PostgresAdmin
{
    // PostgreSQL silently truncates longer identifiers, which would make two long names collide.
    private const int MaxIdentifierBytes = 63;

    /// <summary>The same connection string, pointed at <paramref name="database"/>.</summary>
    public static string ConnectionStringFor(string serverConnectionString, string database)
    {
        ValidateDatabaseName(database);
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
    }

    /// <summary>
    /// Creates a database; one that already exists (SQLSTATE 42P04) is fine, as in Aspire's hosting.
    /// Returns the connection string for it.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string serverConnectionString, string database, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(database);
        try
        {
            await ExecuteAsync(serverConnectionString, $"CREATE DATABASE {QuoteIdentifier(database)}", cancellationToken);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
        }

        return ConnectionStringFor(serverConnectionString, database);
    }

    /// <summary>Drops a database if it exists, disconnecting its sessions first.</summary>
    public static Task DropDatabaseAsync(string serverConnectionString, string database, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(database);
        return ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)", cancellationToken);
    }

    private static async Task ExecuteAsync(string serverConnectionString, string statement, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void ValidateDatabaseName(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        if (System.Text.Encoding.UTF8.GetByteCount(database) > MaxIdentifierBytes || database.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{database}' is not a usable database name: at most {MaxIdentifierBytes} bytes, no NUL character.", nameof(database));
        }
    }

    // DDL takes no parameters; a quoted identifier with its quotes doubled is the safe way to name one.
    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
