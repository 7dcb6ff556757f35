using Npgsql;
using PointsDemo.TestSupport;
using Xunit.Sdk;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>
/// The test fixture other test projects use, on whatever server this machine offers: registered
/// as an assembly fixture here exactly as they register it, and once more by hand to see what it reports.
/// </summary>
public sealed class PostgresFixtureTests(PostgresFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chooses_the_source_this_machine_offers_and_reports_it()
    {
        var diagnostics = new RecordingSink();
        await using var reporting = new PostgresFixture(diagnostics);
        await reporting.InitializeAsync();

        var expected = PostgresSourceSelector.Choose(
            Environment.GetEnvironmentVariable(PostgresFixture.ConnectionStringVariable),
            await DockerEngine.AnswersAsync(Cancellation),
            PostgresBinaries.TryFind() is not null);
        Assert.Equal(expected, reporting.Source);
        Assert.Equal(expected, fixture.Source);
        Assert.Contains(diagnostics.Messages, message => message.StartsWith("PostgreSQL for the tests: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gives_each_caller_a_fresh_database_isolated_from_the_others()
    {
        var first = await fixture.CreateDatabaseAsync("Fixture-Tests", Cancellation);
        var second = await fixture.CreateDatabaseAsync("Fixture-Tests", Cancellation);
        var firstName = new NpgsqlConnectionStringBuilder(first).Database!;
        var secondName = new NpgsqlConnectionStringBuilder(second).Database!;

        Assert.NotEqual(firstName, secondName);
        Assert.StartsWith("fixture_tests_", firstName, StringComparison.Ordinal);
        await Sql.ExecuteAsync(first, "CREATE TABLE mine (id int)");

        Assert.True(await Sql.ScalarAsync<bool>(second, "SELECT to_regclass('mine') IS NULL"));
        Assert.False(await Sql.ScalarAsync<bool>(first, "SELECT to_regclass('mine') IS NULL"));
    }

    [Theory]
    [InlineData("Users", "users_")]
    [InlineData("Points Service / e2e", "points_service___e2e_")]
    [InlineData("---", "test_")]
    [InlineData("a-prefix-far-longer-than-any-database-name-may-be-in-postgresql", "a_prefix_far_longer_than_any_database_na_")]
    public void Database_names_are_safe_unique_and_within_postgresqls_limit(string prefix, string expectedStart)
    {
        var first = PostgresFixture.UniqueDatabaseName(prefix);
        var second = PostgresFixture.UniqueDatabaseName(prefix);

        Assert.StartsWith(expectedStart, first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.Matches("^[a-z0-9_]+$", first);
        Assert.InRange(first.Length, expectedStart.Length + 12, 63);
    }

    private sealed class RecordingSink : IMessageSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyList<string> Messages => [.. _messages];

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is IDiagnosticMessage diagnostic)
            {
                _messages.Enqueue(diagnostic.Message);
            }

            return true;
        }
    }
}
