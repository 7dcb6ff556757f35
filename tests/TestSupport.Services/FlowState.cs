using Npgsql;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// What both databases and the broker hold at one moment. The invariant: once the broker has
/// nothing in flight, every registered user has exactly the registration points (one ledger entry),
/// except a user whose message the broker dead-lettered, who has none; and nobody else has any.
/// </summary>
internal sealed record FlowState(
    IReadOnlyDictionary<Guid, string> Users,
    IReadOnlyDictionary<Guid, (long Balance, long Entries)> Points,
    IReadOnlySet<Guid> DeadLettered,
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
            var expected = DeadLettered.Contains(userId) ? ((long, long)?)null : (RegistrationPoints, 1);
            var actual = Points.TryGetValue(userId, out var points) ? points : ((long, long)?)null;
            if (actual != expected)
            {
                violations.Add($"{email} ({userId}{(expected is null ? ", dead-lettered" : "")}) has {(actual is { } a ? $"{a.Item1} points in {a.Item2} entries" : "no points")}");
            }
        }

        violations.AddRange(Points.Keys.Where(userId => !Users.ContainsKey(userId)).Select(userId => $"{userId} has points but is not registered"));
        return violations;
    }

    public override string ToString() =>
        $"{Users.Count} users ({DeadLettered.Count} dead-lettered), {Points.Count} balances, {HalfMessages} half messages, {Undelivered} undelivered; {string.Join("; ", Violations().Take(10))}";

    public static async Task<FlowState> ReadAsync(string usersDb, string pointsDb, IBrokerInspector broker, string group)
    {
        var users = await QueryAsync(usersDb, "SELECT id, email, registration_id FROM users", r => (Id: r.GetGuid(0), Email: r.GetString(1), RegistrationId: r.GetGuid(2)));
        var points = await QueryAsync(
            pointsDb,
            "SELECT b.user_id, b.balance, (SELECT count(*) FROM ledger_entries l WHERE l.user_id = b.user_id) FROM point_balances b",
            r => (r.GetGuid(0), (r.GetInt64(1), r.GetInt64(2))));
        var snapshot = broker.TakeSnapshot();
        var deadLetteredKeys = snapshot.DeadLetters.Where(d => d.Group == group).SelectMany(d => d.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var consumers = snapshot.Groups.SingleOrDefault(g => g.Name == group);
        return new FlowState(
            users.ToDictionary(u => u.Id, u => u.Email),
            points.ToDictionary(p => p.Item1, p => p.Item2),
            users.Where(u => deadLetteredKeys.Contains(u.RegistrationId.ToString("D"))).Select(u => u.Id).ToHashSet(),
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
