using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PointsDemo.Data;
using PointsDemo.RocketMq;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Data;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// The check-back's barrier on a real PostgreSQL: whatever the timing, its answer matches how the
/// registration's local transaction ends.
/// </summary>
public sealed class TransactionCheckerTests(PostgresFixture postgres) : UserServiceWithoutBroker(postgres, "users_checker")
{
    private RegistrationTransactionChecker Checker => (RegistrationTransactionChecker)Host.Services.GetRequiredService<ITransactionChecker>();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_check_back_while_the_local_transaction_is_open_waits_for_it_and_answers_how_it_ends(bool commits)
    {
        var ct = TestContext.Current.CancellationToken;
        var registrationId = Guid.NewGuid();
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        await using var local = await OpenRegistrationAsync(db, registrationId);

        var check = Checker.DecideAsync(registrationId, ct);
        await WaitUntilACheckWaitsOnALockAsync();
        Assert.False(check.IsCompleted);
        await (commits ? local.CommitAsync(ct) : local.RollbackAsync(ct));

        var expected = commits ? RegistrationBarrier.Committed : RegistrationBarrier.RolledBack;
        Assert.Equal(expected, await check);
        Assert.Equal(expected, await OutcomeAsync(registrationId));
        Assert.Equal(commits ? 1 : 0, await Database.CountAsync(Host.ConnectionString, "users"));
    }

    [Fact]
    public async Task A_check_back_that_comes_first_answers_rollback_and_the_late_local_transaction_cannot_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        var registrationId = Guid.NewGuid();

        Assert.Equal(RegistrationBarrier.RolledBack, await Checker.DecideAsync(registrationId, ct));

        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        var late = await Assert.ThrowsAsync<DbUpdateException>(() => OpenRegistrationAsync(db, registrationId));
        Assert.True(late.IsUniqueViolation(UsersDbContext.BarrierKey));
        Assert.Equal(0, await Database.CountAsync(Host.ConnectionString, "users"));
    }

    [Fact]
    public async Task Check_backs_after_the_end_repeat_the_stored_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var committed = Guid.NewGuid();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
            await using var local = await OpenRegistrationAsync(db, committed);
            await local.CommitAsync(ct);
        }

        var rolledBack = Guid.NewGuid();
        await Checker.DecideAsync(rolledBack, ct);

        Assert.Equal(RegistrationBarrier.Committed, await Checker.DecideAsync(committed, ct));
        Assert.Equal(RegistrationBarrier.Committed, await Checker.DecideAsync(committed, ct));
        Assert.Equal(RegistrationBarrier.RolledBack, await Checker.DecideAsync(rolledBack, ct));
    }

    /// <summary>What <see cref="UserRegistration"/> does in its local transaction, left open.</summary>
    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> OpenRegistrationAsync(UsersDbContext db, Guid registrationId)
    {
        var ct = TestContext.Current.CancellationToken;
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var email = $"{registrationId:N}@example.com";
            db.RegistrationBarriers.Add(new RegistrationBarrier { RegistrationId = registrationId, Outcome = RegistrationBarrier.Committed });
            db.Users.Add(new User
            {
                Id = Guid.NewGuid(),
                Email = email,
                NormalizedEmail = User.Normalize(email),
                DisplayName = "Ann",
                RegisteredAt = DateTimeOffset.UtcNow,
                RegistrationId = registrationId,
            });
            await db.SaveChangesAsync(ct);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until PostgreSQL shows the checker's insert blocked on the open transaction's row lock.</summary>
    private async Task WaitUntilACheckWaitsOnALockAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO registration_barriers%'
            """,
            connection);
        while ((long)(await command.ExecuteScalarAsync(ct))! == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    private async Task<string?> OutcomeAsync(Guid registrationId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        return await db.RegistrationBarriers.Where(b => b.RegistrationId == registrationId).Select(b => b.Outcome).SingleOrDefaultAsync(TestContext.Current.CancellationToken);
    }
}
