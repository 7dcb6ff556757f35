using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PointsDemo.Services.Testing;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Data;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// The local commit reaches PostgreSQL, but its answer never reaches the service (a connection lost
/// at the wrong moment): the user is stored, so the message must end committed, never rolled back.
/// </summary>
public sealed class LostCommitAcknowledgementTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly LoseNextCommitAcknowledgement _lose = new();
    private Broker _broker = null!;
    private UserServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _broker = await TestBroker.StartAsync();
        _host = new UserServiceHost(
            await postgres.CreateDatabaseAsync("users_lost_ack", TestContext.Current.CancellationToken),
            _broker.Endpoint,
            services => services.ConfigureDbContext<UsersDbContext>(options => options.AddInterceptors(_lose)));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_commit_applied_but_not_confirmed_is_a_503_and_the_check_back_commits_the_stored_user_s_message()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = _host.CreateClient();
        _lose.Arm();

        using var response = await client.PostAsJsonAsync("/users", new { email = "ann@example.com", displayName = "Ann" }, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.StartsWith("The user database did not confirm the registration", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "users"));
        var topic = await Eventually.MeetsAsync(_broker.TopicNow, t => t.HalfMessages == 0, "the check-back settles the half message");
        Assert.Equal(1, topic.Stored);
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "registration_barriers WHERE outcome = 'committed'"));
    }

    /// <summary>Once armed, lets the next commit happen and then fails it, as a connection lost before the answer would.</summary>
    private sealed class LoseNextCommitAcknowledgement : DbTransactionInterceptor
    {
        private int _armed;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
            Interlocked.Exchange(ref _armed, 0) == 1
                ? throw new NpgsqlException("Exception while reading from stream (the commit's answer was lost)")
                : Task.CompletedTask;
    }
}
