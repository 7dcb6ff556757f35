using Microsoft.EntityFrameworkCore;
using PointsDemo.PointsService.Data;
using PointsDemo.PointsService.Grants;
using PointsDemo.TestSupport;

namespace PointsDemo.PointsService.Tests;

/// <summary>
/// One description of the schema: the EF model. The migrations must match it, and the grant's raw
/// SQL (one statement, for one message or a batch) must name only its tables and columns, so that a rename fails here rather than in production.
/// </summary>
public sealed class PointsSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public void The_migrations_hold_every_change_of_the_model()
    {
        using var db = new PointsDbContext(new DbContextOptionsBuilder<PointsDbContext>().UseNpgsql().Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model has changes no migration holds: add one (dotnet ef migrations add).");
    }

    [Fact]
    public async Task The_grant_s_raw_sql_names_only_tables_and_columns_of_the_model()
    {
        // The schema is created from the model itself, not from the migrations: a name the statement
        // uses that the model no longer has is an unknown table or column to PostgreSQL.
        var ct = TestContext.Current.CancellationToken;
        var options = new DbContextOptionsBuilder<PointsDbContext>().UseNpgsql(await postgres.CreateDatabaseAsync("points_model", ct)).Options;
        await using var db = new PointsDbContext(options);
        Assert.True(await db.Database.EnsureCreatedAsync(ct));
        var grant = new PointsGrant(db, TimeProvider.System);
        var userId = Guid.NewGuid();
        var first = new UserRegisteredMessage(Guid.NewGuid(), userId, 100, DateTimeOffset.UtcNow);

        Assert.True(await grant.GrantAsync(first, "m1", ct));
        Assert.False(await grant.GrantAsync(first, "m2", ct));
        Assert.True(await grant.GrantAsync(new UserRegisteredMessage(Guid.NewGuid(), userId, 50, DateTimeOffset.UtcNow), "m3", ct)); // the balance's update path
        // A batch: a copy of a granted registration, and two of one user's, added up in one row of the balance.
        var (third, fourth) = (new UserRegisteredMessage(Guid.NewGuid(), userId, 20, DateTimeOffset.UtcNow), new UserRegisteredMessage(Guid.NewGuid(), userId, 30, DateTimeOffset.UtcNow));
        Assert.Equal(new[] { third.RegistrationId, fourth.RegistrationId }.Order(), (await grant.GrantAsync([new(first, "m4"), new(third, "m5"), new(fourth, "m6")], ct)).Order());

        // Read back through the model: each value landed in the column the model maps it to.
        Assert.Equal(200, (await db.PointBalances.SingleAsync(ct)).Balance);
        Assert.Equal([20, 30, 50, 100], await db.LedgerEntries.Where(e => e.UserId == userId && e.Reason == PointsGrant.RegistrationReason).Select(e => e.Points).Order().ToListAsync(ct));
        Assert.Equal("m1", (await db.ProcessedRegistrations.SingleAsync(p => p.RegistrationId == first.RegistrationId, ct)).MessageId);
        Assert.Equal("m6", (await db.ProcessedRegistrations.SingleAsync(p => p.RegistrationId == fourth.RegistrationId, ct)).MessageId);
    }
}
