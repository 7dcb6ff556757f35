using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Ceiling;

/// <summary>
/// The most registrations per second the database allows: the flow's own database work, done
/// directly with Npgsql on the same server and tables, at the same concurrency, with nothing else in
/// the way. Each registration is two transactions, as in the flow: (1) in the users database, the
/// user and its barrier row; (2) in the points database, the processed key, the ledger entry and the
/// balance. Each transaction sends its statements as one batch (one round trip) and then commits.
/// </summary>
internal static class DatabaseCeiling
{
    private const string Register = """
        INSERT INTO registration_barriers (registration_id, outcome) VALUES (@registration, 'committed');
        INSERT INTO users (id, email, normalized_email, display_name, registered_at, registration_id) VALUES (@user, @email, @email, @name, @now, @registration)
        """;

    private const string Grant = """
        INSERT INTO processed_registrations (registration_id, message_id, processed_at) VALUES (@registration, @message, @now) ON CONFLICT (registration_id) DO NOTHING;
        INSERT INTO ledger_entries (id, user_id, registration_id, points, reason, granted_at) VALUES (@entry, @user, @registration, 100, 'registration', @now);
        INSERT INTO point_balances (user_id, balance, updated_at) VALUES (@user, 100, @now)
            ON CONFLICT (user_id) DO UPDATE SET balance = point_balances.balance + excluded.balance, updated_at = excluded.updated_at
        """;

    public static async Task<CeilingCounters> RunAsync(string usersDatabase, string pointsDatabase, int workers, TimeSpan duration, CeilingCounters counters, string runId, CancellationToken cancellationToken)
    {
        await using var users = NpgsqlDataSource.Create(usersDatabase);
        await using var points = NpgsqlDataSource.Create(pointsDatabase);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long sequence = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sequence);
                var began = Stopwatch.GetTimestamp();
                var now = DateTimeOffset.UtcNow;
                var registration = Guid.CreateVersion7(now);
                var user = Guid.CreateVersion7(now);
                await RunAsync(users, Register, cancellationToken, ("registration", registration), ("user", user), ("email", $"ceiling-{runId}-{n}@example.com"), ("name", $"Ceiling user {n}"), ("now", now));
                await RunAsync(points, Grant, cancellationToken, ("registration", registration), ("message", registration.ToString("N")), ("entry", Guid.CreateVersion7(now)), ("user", user), ("now", now));
                counters.Complete(began, Stopwatch.GetTimestamp());
            }
        }, cancellationToken)));
        counters.Elapsed = Stopwatch.GetElapsedTime(start);
        return counters;
    }

    private static async Task RunAsync(NpgsqlDataSource database, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            foreach (var (name, value) in parameters)
            {
                command.Parameters.Add(value is DateTimeOffset time
                    ? new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = time }
                    : new NpgsqlParameter(name, value));
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>The ceiling's counters, read by the progress line while it runs.</summary>
internal sealed class CeilingCounters
{
    private long _completed;

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Both transactions of one registration, end to end.</summary>
    public LatencyRecorder Latencies { get; } = new();

    public TimeSpan Elapsed { get; set; }

    public void Complete(long startTimestamp, long endTimestamp)
    {
        Latencies.Record(startTimestamp, endTimestamp);
        Interlocked.Increment(ref _completed);
    }
}
