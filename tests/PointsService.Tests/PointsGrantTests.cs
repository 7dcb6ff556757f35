using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PointsDemo.PointsService.Data;
using PointsDemo.PointsService.Grants;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.PointsService.Tests;

/// <summary>The grant's one statement on a real PostgreSQL: exactly once, however deliveries overlap.</summary>
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
    public async Task A_grant_that_crashes_before_it_writes_can_be_granted_on_redelivery()
    {
        var registered = new UserRegisteredMessage(Guid.NewGuid(), Guid.NewGuid(), 100, DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<InvalidOperationException>(() => GrantAsync(registered, "m1", new CrashBeforeGrant()));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "processed_registrations"));

        Assert.True(await GrantAsync(registered, "m2"));
        Assert.Equal(100, await BalanceAsync(registered.UserId));
    }

    private async Task<bool> GrantAsync(UserRegisteredMessage registered, string messageId, IGrantCrashPoints? crashPoints = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PointsDbContext>();
        var grant = new PointsGrant(db, crashPoints ?? new NoGrantCrashes(), TimeProvider.System);
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

    private sealed class CrashBeforeGrant : IGrantCrashPoints
    {
        public ValueTask ReachedAsync(GrantStep step, UserRegisteredMessage registration, CancellationToken cancellationToken) =>
            step == GrantStep.BeforeGrant ? throw new InvalidOperationException("crash") : ValueTask.CompletedTask;
    }
}
