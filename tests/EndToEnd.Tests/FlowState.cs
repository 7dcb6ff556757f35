using Npgsql;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// What both databases and the broker hold at one moment. The invariant: once the broker has
/// nothing in flight, every registered user has exactly the registration points (one ledger entry),
/// and nobody else has any.
/// </summary>
internal sealed record FlowState(
    IReadOnlyDictionary<Guid, string> Users,
    IReadOnlyDictionary<Guid, (long Balance, long Entries)> Points,
    int HalfMessages,
    long Undelivered)
{
    public const int RegistrationPoints = 100;

    public bool Settled => HalfMessages == 0 && Undelivered == 0;

    public bool Holds => Settled && Violations().Count == 0;

    public IReadOnlyList<string> Violations()
    {
        var violations = new List<string>();
        foreach (var (userId, email) in Users)
        {
            if (!Points.TryGetValue(userId, out var points))
            {
                violations.Add($"{email} ({userId}) has no points");
            }
            else if (points != (RegistrationPoints, 1))
            {
                violations.Add($"{email} ({userId}) has {points.Balance} points in {points.Entries} entries");
            }
        }

        violations.AddRange(Points.Keys.Where(userId => !Users.ContainsKey(userId)).Select(userId => $"{userId} has points but is not registered"));
        return violations;
    }

    public override string ToString() =>
        $"{Users.Count} users, {Points.Count} balances, {HalfMessages} half messages, {Undelivered} undelivered; {string.Join("; ", Violations().Take(10))}";

    public static async Task<FlowState> ReadAsync(string usersDb, string pointsDb, IBrokerInspector broker, string group)
    {
        var users = await QueryAsync(usersDb, "SELECT id, email FROM users", r => (r.GetGuid(0), r.GetString(1)));
        var points = await QueryAsync(
            pointsDb,
            "SELECT b.user_id, b.balance, (SELECT count(*) FROM ledger_entries l WHERE l.user_id = b.user_id) FROM point_balances b",
            r => (r.GetGuid(0), (r.GetInt64(1), r.GetInt64(2))));
        var snapshot = broker.TakeSnapshot();
        var consumers = snapshot.Groups.SingleOrDefault(g => g.Name == group);
        return new FlowState(
            users.ToDictionary(u => u.Item1, u => u.Item2),
            points.ToDictionary(p => p.Item1, p => p.Item2),
            snapshot.HalfMessages.Count,
            consumers is null ? 0 : consumers.Ready + consumers.InFlight);
    }

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
