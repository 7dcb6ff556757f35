using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PointsDemo.PointsService.Data;
using PointsDemo.PointsService.Grants;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.PointsService.Tests;

/// <summary>The grant's one statement on a real PostgreSQL, for one message or a batch: exactly once, however deliveries overlap.</summary>
public sealed class PointsGrantTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PointsServiceHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = new PointsServiceHost(await postgres.CreateDatabaseAsync("points_grant", TestContext.Current.CancellationToken), UnusedPort.Endpoint());

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_same_registration_granted_twice_is_granted_once()
    {
        var registered = new UserRegisteredMessage(Guid.NewGuid(), Guid.NewGuid(), 100, DateTimeOffset.UtcNow);

        Assert.True(await GrantAsync(registered, "m1"));
        Assert.False(await GrantAsync(registered, "m2"));

        Assert.Equal(100, await BalanceAsync(registered.UserId));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_registration_grant_it_once()
    {
        var registered = new UserRegisteredMessage(Guid.NewGuid(), Guid.NewGuid(), 100, DateTimeOffset.UtcNow);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => GrantAsync(registered, $"m{i}")));

        Assert.Equal(1, results.Count(granted => granted));
        Assert.Equal(100, await BalanceAsync(registered.UserId));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
    }

    [Fact]
    public async Task Registrations_of_one_user_add_up_in_the_balance_and_the_ledger()
    {
        var userId = Guid.NewGuid();

        await GrantAsync(new UserRegisteredMessage(Guid.NewGuid(), userId, 100, DateTimeOffset.UtcNow), "m1");
        await GrantAsync(new UserRegisteredMessage(Guid.NewGuid(), userId, 50, DateTimeOffset.UtcNow), "m2");

        Assert.Equal(150, await BalanceAsync(userId));
        Assert.Equal(2, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
    }

    [Fact]
    public async Task A_grant_whose_last_write_fails_leaves_nothing_and_can_be_granted_again()
    {
        // A balance one grant away from bigint's limit: raising it fails inside the statement, after
        // the registration id and the ledger entry were written, and takes both back with it.
        var registered = new UserRegisteredMessage(Guid.NewGuid(), Guid.NewGuid(), 100, DateTimeOffset.UtcNow);
        await SetBalanceAsync(registered.UserId, long.MaxValue - 50);

        await Assert.ThrowsAsync<PostgresException>(() => GrantAsync(registered, "m1"));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "processed_registrations"));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));

        await SetBalanceAsync(registered.UserId, 0);
        Assert.True(await GrantAsync(registered, "m2"));
        Assert.Equal(100, await BalanceAsync(registered.UserId));
    }

    [Fact]
    public async Task A_batch_grants_each_registration_once_with_duplicates_inside_it_and_across_batches()
    {
        var (first, second, third) = (Registration(), Registration(), Registration());

        var granted = await GrantBatchAsync([new(first, "m1"), new(second, "m2"), new(first, "m3")]);
        Assert.Equal(new[] { first.RegistrationId, second.RegistrationId }.Order(), granted.Order());
        granted = await GrantBatchAsync([new(second, "m4"), new(third, "m5"), new(third, "m6")]);
        Assert.Equal([third.RegistrationId], granted);

        foreach (var registered in new[] { first, second, third })
        {
            Assert.Equal(100, await BalanceAsync(registered.UserId));
        }

        Assert.Equal(3, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
        // The first copy in a batch is the one recorded, with its message.
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, $"processed_registrations WHERE registration_id = '{first.RegistrationId}' AND message_id = 'm1'"));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, $"processed_registrations WHERE registration_id = '{third.RegistrationId}' AND message_id = 'm5'"));
    }

    [Fact]
    public async Task Two_registrations_of_one_user_in_a_batch_add_up_beside_another_user_s()
    {
        var userId = Guid.NewGuid();
        var (one, two, other) = (Registration(userId, 100), Registration(userId, 50), Registration(points: 70));

        Assert.Equal(3, (await GrantBatchAsync([new(one, "m1"), new(two, "m2"), new(other, "m3")])).Count);

        Assert.Equal(150, await BalanceAsync(userId));
        Assert.Equal(70, await BalanceAsync(other.UserId));
        Assert.Equal(3, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
    }

    [Fact]
    public async Task A_batch_whose_statement_fails_writes_nothing_for_any_of_its_registrations()
    {
        var (healthy, overflowing) = (Registration(), Registration());
        await SetBalanceAsync(overflowing.UserId, long.MaxValue - 50);

        await Assert.ThrowsAsync<PostgresException>(() => GrantBatchAsync([new(healthy, "m1"), new(overflowing, "m2")]));

        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "processed_registrations"));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, $"point_balances WHERE user_id = '{healthy.UserId}'"));
        Assert.True(await GrantAsync(healthy, "m3"));
    }

    private static UserRegisteredMessage Registration(Guid? userId = null, int points = 100) =>
        new(Guid.NewGuid(), userId ?? Guid.NewGuid(), points, DateTimeOffset.UtcNow);

    private async Task<IReadOnlySet<Guid>> GrantBatchAsync(IReadOnlyList<PendingGrant> grants)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var grant = new PointsGrant(scope.ServiceProvider.GetRequiredService<PointsDbContext>(), TimeProvider.System);
        return await grant.GrantAsync(grants, TestContext.Current.CancellationToken);
    }

    private async Task<bool> GrantAsync(UserRegisteredMessage registered, string messageId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PointsDbContext>();
        var grant = new PointsGrant(db, TimeProvider.System);
        return await grant.GrantAsync(registered, messageId, TestContext.Current.CancellationToken);
    }

    private async Task<long> BalanceAsync(Guid userId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PointsDbContext>();
        return await db.PointBalances.Where(b => b.UserId == userId).Select(b => b.Balance).SingleAsync(TestContext.Current.CancellationToken);
    }

    private async Task SetBalanceAsync(Guid userId, long balance)
    {
        await using var connection = new NpgsqlConnection(_host.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO point_balances (user_id, balance, updated_at) VALUES ($1, $2, now()) ON CONFLICT (user_id) DO UPDATE SET balance = excluded.balance",
            connection)
        {
            Parameters = { new() { Value = userId }, new() { Value = balance } },
        };
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
