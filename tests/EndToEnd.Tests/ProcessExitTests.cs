using Npgsql;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using static PointsDemo.TestSupport.Services.FaultCommands;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// The exit of die-after-next-local-commit for real: the UserService program, a process of its own,
/// dies where the fault says, with no graceful shutdown, after exporting the log line that says why;
/// started again, it answers the broker's check-back and the message is committed.
/// </summary>
public sealed class ProcessExitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Die_after_next_local_commit_ends_the_real_process_after_exporting_why_and_the_restarted_process_commits_the_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await TestBroker.StartAsync(options =>
        {
            options.TransactionCheckInterval = TimeSpan.FromMilliseconds(500);
            // The dying process answers check-backs until it has exported its last line and exited,
            // which takes a busy machine more than the tests' usual half second: the first check
            // comes late enough to find it gone, so that the restarted process is the one that answers.
            options.TransactionTimeout = TimeSpan.FromSeconds(10);
            // Checks find no producer while the process is down, and each one counts: enough of them for a restart.
            options.TransactionCheckMax = 240;
        });
        using var collector = new FakeOtlpCollector();
        var database = await postgres.CreateDatabaseAsync("process_exit", ct);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__usersdb"] = database,
            ["ConnectionStrings__rocketmq"] = broker.Endpoint,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // No scheduled log export within the test: the line of the exit reaches the collector only if the exit flushes it.
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "600000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__PointsDemo"] = "Information",
        };

        Guid registrationId;
        await using (var dying = await ServiceProcess.StartAsync("UserService", environment))
        {
            await ArmAsync(dying.Client, "die-after-next-local-commit");

            await Assert.ThrowsAnyAsync<HttpRequestException>(() => RegisterSampleUserAsync(dying.Client));

            Assert.NotEqual(0, await dying.ExitedAsync(TimeSpan.FromSeconds(30)));
            registrationId = Guid.Parse(Assert.Single(broker.Inspector.TakeSnapshot().HalfMessages).Keys.Single());
            Assert.Contains($"Fault die-after-next-local-commit: registration {registrationId} is stored and its message is not committed; the process exits here.", dying.StandardError, StringComparison.Ordinal);
        }

        Assert.Contains(collector.Exports, export => export.Path == "/v1/logs" && export.Contains($"Fault die-after-next-local-commit fired for registration {registrationId}"));
        Assert.Equal("committed", await BarrierOutcomeAsync(database, registrationId));

        await using var restarted = await ServiceProcess.StartAsync("UserService", environment);

        await Eventually.MeetsAsync(() => broker.TopicNow(), topic => (topic.HalfMessages, topic.Stored) == (0, 1), "the restarted process's check-back committed the message");
    }

    /// <summary>What the registration's barrier row says: the local transaction's decision, which the check-back reads.</summary>
    private static async Task<string?> BarrierOutcomeAsync(string database, Guid registrationId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT outcome FROM registration_barriers WHERE registration_id = @id", connection);
        command.Parameters.AddWithValue("id", registrationId);
        return (string?)await command.ExecuteScalarAsync(ct);
    }
}
