using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using IExecutionStrategy = Microsoft.EntityFrameworkCore.Storage.IExecutionStrategy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Data;
using UsersExtensions = PointsDemo.UserService.Extensions.Extensions;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// What <c>AddServiceDbContext</c> changes in Aspire's <c>AddNpgsqlDbContext</c>, shown beside
/// Aspire's defaults on a real PostgreSQL: no retrying execution strategy, the connection string
/// required when the host starts, and the statements it repeats prepared.
/// </summary>
public sealed class ServiceDbContextTests(PostgresFixture postgres)
{
    private const string AspireSection = "Aspire:Npgsql:EntityFrameworkCore:PostgreSQL";

    public enum Registration
    {
        /// <summary>The service's own: <c>AddServiceDbContext</c>.</summary>
        Service,

        /// <summary>Aspire's <c>AddNpgsqlDbContext</c> with its defaults, retries on.</summary>
        AspireDefault,
    }

    [Fact]
    public async Task Without_its_connection_string_the_host_does_not_start_where_Aspire_s_default_would_fail_only_on_first_use()
    {
        var ct = TestContext.Current.CancellationToken;
        using var service = Build(Registration.Service, connectionString: null);
        using var aspire = Build(Registration.AspireDefault, connectionString: null);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => service.StartAsync(ct));
        Assert.StartsWith("ConnectionStrings:usersdb is required", Assert.Single(failure.Failures), StringComparison.Ordinal);

        await aspire.StartAsync(ct);
        await using (var scope = aspire.Services.CreateAsyncScope())
        {
            var firstUse = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<UsersDbContext>());
            Assert.Contains("ConnectionStrings:usersdb", firstUse.Message, StringComparison.Ordinal);
        }

        await aspire.StopAsync(ct);
    }

    [Fact]
    public async Task The_service_s_context_does_not_retry_even_when_configuration_asks_for_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync("users_retry_settings", TestContext.Current.CancellationToken);
        var retryOn = new Dictionary<string, string?>
        {
            [$"{AspireSection}:DisableRetry"] = "false",
            [$"{AspireSection}:{nameof(UsersDbContext)}:DisableRetry"] = "false",
        };
        using var service = Build(Registration.Service, connectionString, retryOn);
        using var aspire = Build(Registration.AspireDefault, connectionString, retryOn);

        Assert.False(StrategyOf(service).RetriesOnFailure);
        Assert.True(StrategyOf(aspire).RetriesOnFailure);
    }

    [Fact]
    public async Task With_the_database_down_the_service_s_context_fails_on_its_first_attempt_where_Aspire_s_default_tries_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await postgres.CreateDatabaseAsync("users_retry_down", ct);
        await Database.TakeOfflineAsync(postgres.ServerConnectionString, connectionString);

        var serviceAttempts = new ConnectionAttempts();
        using (var service = Build(Registration.Service, connectionString, attempts: serviceAttempts))
        {
            await using var scope = service.Services.CreateAsyncScope();
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<UsersDbContext>().Users.AnyAsync(ct));
            Assert.Equal("55000", Assert.IsType<PostgresException>(failure.GetBaseException()).SqlState); // "not currently accepting connections"
        }

        Assert.Equal(1, serviceAttempts.Count);

        var aspireAttempts = new ConnectionAttempts();
        using (var aspire = Build(Registration.AspireDefault, connectionString, attempts: aspireAttempts))
        {
            await using var scope = aspire.Services.CreateAsyncScope();
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var read = scope.ServiceProvider.GetRequiredService<UsersDbContext>().Users.AnyAsync(giveUp.Token);

            // The strategy backs off and connects again; left alone it would for half a minute and more.
            await aspireAttempts.Second.WaitAsync(TimeSpan.FromSeconds(30), ct);
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        }
    }

    [Fact]
    public async Task Inside_an_explicit_transaction_Aspire_s_default_strategy_refuses_the_EF_queries_the_service_s_context_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await MigratedDatabaseAsync("users_retry_transaction", ct);
        using var service = Build(Registration.Service, connectionString);
        using var aspire = Build(Registration.AspireDefault, connectionString);

        Assert.Equal(1, await CountInTransactionAsync(service));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => CountInTransactionAsync(aspire));
        Assert.Contains("does not support user-initiated transactions", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_s_context_prepares_the_statements_it_repeats_where_Aspire_s_default_parses_each_one_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await MigratedDatabaseAsync("users_auto_prepare", ct);
        using var service = Build(Registration.Service, connectionString);
        using var aspire = Build(Registration.AspireDefault, connectionString);
        using var chosen = Build(Registration.Service, connectionString + ";Max Auto Prepare=4");

        Assert.True(await PreparedAfterRepeatingAsync(service) >= 1);
        Assert.Equal(0, await PreparedAfterRepeatingAsync(aspire));
        await using var chosenScope = chosen.Services.CreateAsyncScope();
        Assert.Equal(4, new NpgsqlConnectionStringBuilder(chosenScope.ServiceProvider.GetRequiredService<UsersDbContext>().Database.GetConnectionString()).MaxAutoPrepare);
    }

    /// <summary>Runs one EF query ten times on one connection, then counts that session's prepared statements.</summary>
    /// <summary>A new database with the users schema, migrated through the service's own context.</summary>
    private async Task<string> MigratedDatabaseAsync(string name, CancellationToken ct)
    {
        var connectionString = await postgres.CreateDatabaseAsync(name, ct);
        using var host = Build(Registration.Service, connectionString);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UsersDbContext>().Database.MigrateAsync(ct);
        return connectionString;
    }

    private static async Task<long> PreparedAfterRepeatingAsync(IHost host)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        for (var i = 0; i < 10; i++)
        {
            await db.RegistrationBarriers.CountAsync(b => b.Outcome == RegistrationBarrier.Committed, ct);
        }

        return await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_prepared_statements").SingleAsync(ct);
    }

    /// <summary>In a transaction, as the registration opens one: a raw insert of a barrier row, then an EF query of the table.</summary>
    private static async Task<int> CountInTransactionAsync(IHost host)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"INSERT INTO registration_barriers (registration_id, outcome) VALUES ({Guid.NewGuid()}, {RegistrationBarrier.Committed})", ct);
        return await db.RegistrationBarriers.CountAsync(ct);
    }

    private static IExecutionStrategy StrategyOf(IHost host)
    {
        using var scope = host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<UsersDbContext>().Database.CreateExecutionStrategy();
    }

    private static IHost Build(
        Registration registration, string? connectionString, IReadOnlyDictionary<string, string?>? settings = null, ConnectionAttempts? attempts = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        if (connectionString is not null)
        {
            builder.Configuration[$"ConnectionStrings:{UsersExtensions.DatabaseName}"] = connectionString;
        }

        if (registration == Registration.Service)
        {
            builder.AddServiceDbContext<UsersDbContext>(UsersExtensions.DatabaseName);
        }
        else
        {
            builder.AddNpgsqlDbContext<UsersDbContext>(UsersExtensions.DatabaseName);
        }

        if (attempts is not null)
        {
            builder.Services.ConfigureDbContext<UsersDbContext>(options => options.AddInterceptors(attempts));
        }

        return builder.Build();
    }

    /// <summary>Counts the context's attempts to open a connection.</summary>
    private sealed class ConnectionAttempts : DbConnectionInterceptor
    {
        private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        /// <summary>Completes when a second attempt starts.</summary>
        public Task Second => _second.Task;

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
            DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _count) >= 2)
            {
                _second.TrySetResult();
            }

            return ValueTask.FromResult(result);
        }
    }
}
