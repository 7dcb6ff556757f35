using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PointsDemo.RocketMq;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using PointsDemo.UserService.Data;
using PointsDemo.UserService.Registration;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// POST /users against the dev broker over gRPC: what is stored, and what happens to the half message;
/// and the local transaction as EF Core runs it: both rows in one batch, no savepoint, and a context
/// that holds nothing afterwards, whatever the outcome.
/// </summary>
public sealed class RegistrationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly LoseNextCommitAcknowledgement _loseCommitAcknowledgement = new();
    private readonly SmuggleNul _smuggleNul = new();
    private readonly StatementsSeen _seen = new();
    private readonly CapturedLogs _logs = new();
    private Broker _broker = null!;
    private UserServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _broker = await TestBroker.StartAsync();
        _host = new UserServiceHost(
            await postgres.CreateDatabaseAsync("users_registration", TestContext.Current.CancellationToken),
            _broker.Endpoint,
            services => services
                .ConfigureDbContext<UsersDbContext>(options => options.AddInterceptors(_loseCommitAcknowledgement, _smuggleNul, _seen, _seen.Savepoints))
                .AddLogging(logging => logging.AddProvider(_logs).AddFilter<CapturedLogs>("PointsDemo", LogLevel.Information).AddFilter<CapturedLogs>("Microsoft.EntityFrameworkCore", LogLevel.Information)));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_registration_is_201_with_its_location_stores_the_user_and_commits_the_message_of_the_contract()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = _host.CreateClient();

        using var response = await client.PostAsJsonAsync("/users", new { email = " Ann@Example.com ", displayName = "Ann" }, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var userId = user.GetProperty("id").GetGuid();
        Assert.Equal($"/users/{userId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Ann@Example.com", user.GetProperty("email").GetString());
        var read = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location, ct);
        Assert.Equal(userId, read.GetProperty("id").GetGuid());

        var topic = _broker.TopicNow();
        Assert.Equal((0, 1L), (topic.HalfMessages, topic.Stored));
        var message = await ReceiveOneAsync();
        Assert.Equal("UserRegistered", message.Tag);
        var body = JsonDocument.Parse(message.Body).RootElement;
        var registrationId = body.GetProperty("registrationId").GetGuid();
        Assert.Equal([registrationId.ToString("D")], message.Keys);
        Assert.Equal(userId, body.GetProperty("userId").GetGuid());
        Assert.Equal("Ann@Example.com", body.GetProperty("email").GetString());
        Assert.Equal("Ann", body.GetProperty("displayName").GetString());
        Assert.Equal(100, body.GetProperty("points").GetInt32());
        Assert.Equal(user.GetProperty("registeredAt").GetDateTimeOffset(), body.GetProperty("registeredAt").GetDateTimeOffset());
        Assert.True(message.Properties.ContainsKey("traceparent"), "the trace context travels with the message");
    }

    [Fact]
    public async Task A_second_registration_of_an_address_in_any_case_is_a_409_problem_and_its_message_is_rolled_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = _host.CreateClient();
        using var first = await client.PostAsJsonAsync("/users", new { email = "ann@example.com", displayName = "Ann" }, ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await client.PostAsJsonAsync("/users", new { email = "ANN@example.COM", displayName = "Another Ann" }, ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        await AssertStoredAsync(users: 1, committedMessages: 1);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_address_give_exactly_one_201_and_409s_for_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = _host.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostAsJsonAsync("/users", new { email = "race@example.com", displayName = $"Racer {i}" }, ct)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        await AssertStoredAsync(users: 1, committedMessages: 1);
    }

    [Fact]
    public async Task A_database_that_is_down_is_a_503_problem_nothing_is_stored_and_the_half_message_is_rolled_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = _host.CreateClient();
        await Database.TakeOfflineAsync(postgres.ServerConnectionString, _host.ConnectionString);

        using var response = await client.PostAsJsonAsync("/users", new { email = "ann@example.com", displayName = "Ann" }, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("The user database is unavailable.", problem.GetProperty("detail").GetString());
        await Database.BringOnlineAsync(postgres.ServerConnectionString, _host.ConnectionString);
        await AssertStoredAsync(users: 0, committedMessages: 0);
    }

    [Fact]
    public async Task Data_that_postgres_refuses_is_a_400_problem_nothing_is_stored_and_the_half_message_is_rolled_back()
    {
        // Validation refuses NUL, so it is put into the write itself, past validation: real PostgreSQL
        // then raises SQLSTATE 22021, the class-22 data exception the flow must not mistake for an outage.
        var ct = TestContext.Current.CancellationToken;
        using var client = _host.CreateClient();
        _smuggleNul.Arm();

        using var response = await client.PostAsJsonAsync("/users", new { email = "ann@example.com", displayName = "Ann" }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("22021", _smuggleNul.RefusedWith);
        await AssertStoredAsync(users: 0, committedMessages: 0);

        // The log says the input was refused, at Information: nothing for an operator to chase as an outage.
        var refusal = Assert.Single(_logs.Lines, line => line.Message.Contains("rejected the input as invalid data (SQLSTATE 22021)", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, refusal.Level);
        Assert.DoesNotContain(_logs.Lines, line => line.Level >= LogLevel.Warning && line.Category.StartsWith("PointsDemo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_local_commit_applied_but_not_confirmed_is_a_503_and_the_check_back_commits_the_stored_user_s_message()
    {
        // The commit reaches PostgreSQL but its answer never reaches the service (a connection lost at
        // the wrong moment): the user is stored, so the message must end committed, never rolled back.
        var ct = TestContext.Current.CancellationToken;
        using var client = _host.CreateClient();
        _loseCommitAcknowledgement.Arm();

        using var response = await client.PostAsJsonAsync("/users", new { email = "ann@example.com", displayName = "Ann" }, ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.StartsWith("The user database did not confirm the registration", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Eventually.MeetsAsync(_broker.TopicNow, topic => topic.HalfMessages == 0, "the check-back settles the half message");
        await AssertStoredAsync(users: 1, committedMessages: 1);
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, $"registration_barriers WHERE outcome = '{RegistrationBarrier.Committed}'"));
    }

    [Fact]
    public async Task With_the_broker_given_only_as_ConnectionStrings_rocketmq_a_registration_commits_its_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new UserServiceHost(
            await postgres.CreateDatabaseAsync("users_broker_connection_string", ct),
            brokerEndpoint: null,
            settings: new Dictionary<string, string?> { ["ConnectionStrings:rocketmq"] = $"Endpoints={_broker.Endpoint}" });
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/users", new { email = "ann@example.com", displayName = "Ann" }, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await Database.CountAsync(host.ConnectionString, "users"));
        var topic = _broker.TopicNow();
        Assert.Equal((0, 1L), (topic.HalfMessages, topic.Stored));
    }

    /// <summary>The users and barrier rows stored, and the messages committed; no half message is left open.</summary>
    private async Task AssertStoredAsync(long users, long committedMessages)
    {
        Assert.Equal(users, await Database.CountAsync(_host.ConnectionString, "users"));
        Assert.Equal(users, await Database.CountAsync(_host.ConnectionString, "registration_barriers"));
        var topic = _broker.TopicNow();
        Assert.Equal((0, committedMessages), (topic.HalfMessages, topic.Stored));
    }

    private async Task<MessageView> ReceiveOneAsync()
    {
        var options = new SimpleConsumerOptions { ConsumerGroup = "contract-check", AwaitDuration = TimeSpan.FromSeconds(1) };
        options.Subscriptions[TestBroker.Topic] = "UserRegistered";
        await using var consumer = new SimpleConsumer(new RocketMqOptions { Endpoints = _broker.Endpoint }, options);
        var messages = await Eventually.MeetsAsync(
            () => consumer.ReceiveAsync(1, TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), m => m.Count == 1, "the committed message is delivered");
        return messages[0];
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
