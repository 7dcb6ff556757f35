using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// A database that does not answer at start (restarting from the dashboard, or after a crash, just
/// as the service starts) delays the start in Development instead of ending it.
/// </summary>
public sealed class DatabaseStartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_database_that_answers_a_little_later_delays_the_start_and_the_migrations_run()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("late_database", ct));
        var port = int.Parse(UnusedPort.Endpoint().Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var late = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = port }.ConnectionString;
        await using var broker = await TestBroker.StartAsync();
        var warnings = new ConcurrentQueue<string>();

        var starting = Task.Run(() => new UserServiceHost(late, broker.Endpoint, services => services.AddLogging(logging => logging.AddProvider(
            new LineLoggerProvider(LogLevel.Warning, (_, _, message, _) => warnings.Enqueue(message))))), ct);
        await Eventually.MeetsAsync(() => warnings.Count(w => w.StartsWith("The database does not answer yet", StringComparison.Ordinal)), n => n > 0, "the start waiting for the database");
        Assert.False(starting.IsCompleted);

        // The database answers now, on the port the service was given.
        await using var proxy = new TcpProxy($"{database.Host}:{database.Port}", port);
        await using var users = await starting.WaitAsync(TimeSpan.FromSeconds(30), ct);
        using var response = await users.CreateClient().GetAsync(new Uri($"/users/{Guid.NewGuid()}", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // the users table exists: the migrations ran
    }
}
