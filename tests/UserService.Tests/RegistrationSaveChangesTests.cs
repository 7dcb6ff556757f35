using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using PointsDemo.UserService.Data;
using PointsDemo.UserService.Registration;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// The registration's local transaction as EF Core runs it: both rows in one batch, no savepoint,
/// and a context that holds nothing afterwards, whatever the outcome.
/// </summary>
public sealed class RegistrationSaveChangesTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly StatementsSeen _seen = new();
    private readonly CapturedLogs _logs = new();
    private Broker _broker = null!;
    private UserServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _broker = await TestBroker.StartAsync();
        _host = new UserServiceHost(
            await postgres.CreateDatabaseAsync("users_save_changes", TestContext.Current.CancellationToken),
            _broker.Endpoint,
            services => services
                .ConfigureDbContext<UsersDbContext>(options => options.AddInterceptors(_seen, _seen.Savepoints))
                .AddLogging(logging => logging.AddProvider(_logs).AddFilter<CapturedLogs>("Microsoft.EntityFrameworkCore", LogLevel.Information).AddFilter<CapturedLogs>("PointsDemo", LogLevel.Information)));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task The_user_and_the_barrier_row_go_in_one_batch_without_a_savepoint()
    {
        var (result, _) = await RegisterAsync("ann@example.com");

        Assert.IsType<RegistrationResult.Registered>(result);
        var batch = Assert.Single(_seen.Statements, text => text.Contains("INSERT INTO registration_barriers", StringComparison.Ordinal) || text.Contains("INSERT INTO users", StringComparison.Ordinal));
        // The barrier first, as the check-back's insert would: a registration the check-back voided fails on the barrier's key.
        Assert.InRange(batch.IndexOf("INSERT INTO registration_barriers", StringComparison.Ordinal), 0, batch.IndexOf("INSERT INTO users", StringComparison.Ordinal));
        Assert.Equal(0, _seen.Savepoints.Created);
    }

    [Fact]
    public async Task A_registration_leaves_its_context_with_nothing_to_save_whether_it_stored_the_user_or_not()
    {
        var (first, afterFirst) = await RegisterAsync("ann@example.com");
        var (duplicate, afterDuplicate) = await RegisterAsync("ANN@example.com");

        Assert.IsType<RegistrationResult.Registered>(first);
        Assert.IsType<RegistrationResult.DuplicateEmail>(duplicate);
        Assert.Equal((0, 0), (afterFirst, afterDuplicate));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "users"));
    }

    [Fact]
    public async Task A_duplicate_is_logged_once_by_the_registration_and_not_again_as_an_error_by_EF_Core()
    {
        await RegisterAsync("ann@example.com");

        var (duplicate, _) = await RegisterAsync("ann@example.com");

        Assert.IsType<RegistrationResult.DuplicateEmail>(duplicate);
        Assert.DoesNotContain(_logs.Lines, line => line.Level >= LogLevel.Warning && line.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Single(_logs.Lines, line => line.Message.Contains("the email is already registered", StringComparison.Ordinal));
    }

    /// <summary>Registers in a scope of its own, as a request would; with the entries its context still tracks afterwards.</summary>
    private async Task<(RegistrationResult Result, int Tracked)> RegisterAsync(string email)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserRegistration>().RegisterAsync(email, "Ann", ct);
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        var tracked = db.ChangeTracker.Entries().Count();
        Assert.Equal(0, await db.SaveChangesAsync(ct)); // and nothing a later save in the same scope would write
        return (result, tracked);
    }

    /// <summary>The text of every command the contexts run, and the savepoints their transactions create.</summary>
    private sealed class StatementsSeen : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _statements = new();

        public IReadOnlyCollection<string> Statements => _statements;

        public SavepointsSeen Savepoints { get; } = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _statements.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _statements.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class SavepointsSeen : DbTransactionInterceptor
    {
        private int _created;

        public int Created => Volatile.Read(ref _created);

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _created);
            return ValueTask.FromResult(result);
        }
    }
}
