using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Data;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// One description of the schema: the EF model. The migrations must match it, and the checker's raw
/// SQL must name only its tables and columns, so that a rename fails here rather than in production.
/// </summary>
public sealed class UsersSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public void The_migrations_hold_every_change_of_the_model()
    {
        using var db = new UsersDbContext(new DbContextOptionsBuilder<UsersDbContext>().UseNpgsql().Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model has changes no migration holds: add one (dotnet ef migrations add).");
    }

    [Fact]
    public async Task The_checker_s_raw_sql_names_only_tables_and_columns_of_the_model()
    {
        // The schema is created from the model itself, not from the migrations: a name the statement
        // uses that the model no longer has is an unknown table or column to PostgreSQL.
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.CreateDatabaseAsync("users_model", ct);
        await using var services = new ServiceCollection()
            .AddDbContext<UsersDbContext>(options => options.UseNpgsql(connectionString))
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<UsersDbContext>().Database.EnsureCreatedAsync(ct));
        }

        var checker = new RegistrationTransactionChecker(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<RegistrationTransactionChecker>.Instance);
        var registrationId = Guid.NewGuid();

        Assert.Equal(RegistrationBarrier.RolledBack, await checker.DecideAsync(registrationId, ct)); // the insert wins
        Assert.Equal(RegistrationBarrier.RolledBack, await checker.DecideAsync(registrationId, ct)); // the insert loses; the stored outcome answers
        await using (var scope = services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<UsersDbContext>().RegistrationBarriers.SingleAsync(ct);
            Assert.Equal((registrationId, RegistrationBarrier.RolledBack), (stored.RegistrationId, stored.Outcome));
        }
    }
}
