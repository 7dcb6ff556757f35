using Npgsql;
using PointsDemo.TestSupport;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// The <c>migrate</c> verb a deployment runs before the services start (outside Development, a
/// service does not migrate on its own): the service's own program, run in Production, brings an
/// empty database to its schema, says so, and exits 0 without starting to serve; run again, it
/// finds nothing to do.
/// </summary>
public sealed class MigrateVerbTests(PostgresFixture postgres)
{
    public static TheoryData<string, string, string[]> Services => new()
    {
        { "UserService", "usersdb", ["registration_barriers", "users"] },
        { "PointsService", "pointsdb", ["ledger_entries", "point_balances", "processed_registrations"] },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Migrate_brings_an_empty_database_to_the_schema_and_exits_without_serving(string program, string connectionName, string[] tables)
    {
        var database = await postgres.CreateDatabaseAsync($"migrate_{program.ToLowerInvariant()}", TestContext.Current.CancellationToken);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            [$"ConnectionStrings__{connectionName}"] = database,
            // Where it would serve, were it to: a port nothing is asked of, free now.
            ["ASPNETCORE_URLS"] = $"http://{UnusedPort.Endpoint()}",
        };
        Assert.Empty(await TablesAsync(database));

        var first = await RunAsync(program, environment);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("The database schema is up to date", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", first.Output, StringComparison.Ordinal);
        Assert.Equal([.. tables.Append("__EFMigrationsHistory").Order(StringComparer.Ordinal)], await TablesAsync(database));
        var applied = await MigrationsAppliedAsync(database);
        Assert.True(applied > 0, "No migration was recorded as applied.");

        var second = await RunAsync(program, environment);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(applied, await MigrationsAppliedAsync(database));
    }

    private static Task<ProgramRun> RunAsync(string program, IReadOnlyDictionary<string, string?> environment) =>
        ProgramRun.RunAsync(Path.Combine(AppContext.BaseDirectory, program), ["migrate"], Path.GetTempPath(), environment);

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name COLLATE \"C\"", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<long> MigrationsAppliedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
