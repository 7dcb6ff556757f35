using System.Net.Http.Json;
using Npgsql;

namespace PointsDemo.Bench.Chaos;

/// <summary>
/// What must hold once the system has settled, read from both databases and the broker: every
/// stored user has exactly one grant of the registration points, no grant lacks a user, every
/// registration answered 201 is stored, no half message is left unresolved, the dead-letter queue is empty.
/// Redeliveries are counted beside it: they are how the system repairs, not a failure.
/// </summary>
internal sealed record Invariant(
    int StoredUsers,
    int Lost,
    int Doubled,
    int GrantsWithoutUser,
    int HalfMessages,
    int DeadLetters,
    long Pending,
    long Redeliveries)
{
    public const int RegistrationPoints = 100;

    public bool Holds => Lost == 0 && Doubled == 0 && GrantsWithoutUser == 0 && HalfMessages == 0 && DeadLetters == 0 && Pending == 0;

    public static async Task<Invariant> ReadAsync(
        string usersDatabase, string pointsDatabase, HttpClient http, Uri brokerInspection, IReadOnlyCollection<Guid> acknowledged, CancellationToken cancellationToken)
    {
        var users = await ReadAsync(usersDatabase, "SELECT id FROM users", r => r.GetGuid(0), cancellationToken);
        var grants = await ReadAsync(pointsDatabase, "SELECT user_id, points FROM ledger_entries", r => (User: r.GetGuid(0), Points: r.GetInt32(1)), cancellationToken);
        var balances = (await ReadAsync(pointsDatabase, "SELECT user_id, balance FROM point_balances", r => (User: r.GetGuid(0), Balance: r.GetInt64(1)), cancellationToken))
            .ToDictionary(b => b.User, b => b.Balance);
        var stored = users.ToHashSet();
        var grantsByUser = grants.GroupBy(g => g.User).ToDictionary(g => g.Key, g => g.ToList());
        var broker = await http.GetFromJsonAsync<BrokerState>(new Uri(brokerInspection, "/api/snapshot"), cancellationToken)
            ?? throw new InvalidOperationException("The broker's inspection API answered nothing.");

        return new Invariant(
            stored.Count,
            // Answered 201 but not stored, or stored and never granted.
            Lost: acknowledged.Count(id => !stored.Contains(id)) + stored.Count(id => !grantsByUser.ContainsKey(id)),
            Doubled: stored.Count(id => grantsByUser.TryGetValue(id, out var g) && (g.Count > 1 || g[0].Points != RegistrationPoints || balances.GetValueOrDefault(id) != RegistrationPoints)),
            GrantsWithoutUser: grantsByUser.Keys.Count(id => !stored.Contains(id)) + balances.Keys.Count(id => !stored.Contains(id)),
            HalfMessages: broker.HalfMessages.Count + (broker.TransactionCheckMax?.Count ?? 0),
            DeadLetters: broker.DeadLetters.Count,
            Pending: broker.Groups.Sum(g => g.Ready + g.InFlight),
            Redeliveries: broker.Groups.Sum(g => g.Redelivered));
    }

    private static async Task<List<T>> ReadAsync<T>(string connectionString, string query, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(query, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private sealed record BrokerState(
        IReadOnlyList<object> HalfMessages, IReadOnlyList<object>? TransactionCheckMax, IReadOnlyList<object> DeadLetters, IReadOnlyList<GroupState> Groups);

    private sealed record GroupState(string Name, long Ready, long InFlight, long Redelivered);
}
