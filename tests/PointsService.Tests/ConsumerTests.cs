using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apache.Rocketmq.V2;
using Status = Apache.Rocketmq.V2.Status;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PointsDemo.PointsService.Data;
using PointsDemo.RocketMq;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.PointsService.Tests;

/// <summary>
/// The hosted consumer against the dev broker: grants, batches, duplicates, poison messages, a database that
/// fails, and one that refuses a message's values.
/// </summary>
public sealed class ConsumerTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly SmuggleNul _smuggleNul = new();
    private readonly CapturedLogs _logs = new();
    private readonly RefuseForwarding _refuseForwarding = new();
    private Broker _broker = null!;
    private PointsServiceHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _broker = await TestBroker.StartAsync(options => options.Interceptors.Add(_refuseForwarding));
        _host = StartHost(await postgres.CreateDatabaseAsync("points_consumer", TestContext.Current.CancellationToken));
    }

    private PointsServiceHost StartHost(string connectionString) =>
        new(
            connectionString,
            _broker.Endpoint,
            services => services
                .ConfigureDbContext<PointsDbContext>(options => options.AddInterceptors(_smuggleNul))
                .AddLogging(logging => logging.AddProvider(_logs).AddFilter<CapturedLogs>("PointsDemo", LogLevel.Information)));

    /// <summary>
    /// Stops the service, publishes while no consumer runs, then starts it again: its first receive
    /// takes every message published, as one batch.
    /// </summary>
    private async Task<string[]> PublishAsOneBatchAsync(params (Guid RegistrationId, Guid UserId, int Points)[] registrations)
    {
        await _host.DisposeAsync();
        var messageIds = new List<string>();
        foreach (var (registrationId, userId, points) in registrations)
        {
            messageIds.Add(await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(registrationId, userId, points), registrationId.ToString("D")));
        }

        _host = StartHost(_host.ConnectionString);
        return [.. messageIds];
    }

    /// <summary>The ends of the service's batch grant spans, and of the client's process spans.</summary>
    private static ActivityListener ListenToSpans(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RocketMqDiagnostics.Name or "PointsService",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task A_registration_message_grants_its_points_once_and_is_acked()
    {
        var ct = TestContext.Current.CancellationToken;
        var (registrationId, userId) = (Guid.NewGuid(), Guid.NewGuid());
        using var client = _host.CreateClient();

        await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(registrationId, userId), registrationId.ToString("D"));

        await Eventually.MeetsAsync(() => Points.BalanceAsync(client, userId), b => b == 100, "the points are granted");
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 1, "the message is acked");
        var points = await client.GetFromJsonAsync<JsonElement>($"/points/{userId}", ct);
        var entry = Assert.Single(points.GetProperty("entries").EnumerateArray());
        Assert.Equal(registrationId, entry.GetProperty("registrationId").GetGuid());
        Assert.Equal(100, entry.GetProperty("points").GetInt32());
        Assert.Equal("registration", entry.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task With_the_broker_given_only_as_ConnectionStrings_rocketmq_a_registration_message_grants_its_points()
    {
        var ct = TestContext.Current.CancellationToken;
        await _host.DisposeAsync(); // one consumer in the group: the message goes to the host under test
        _host = new PointsServiceHost(
            await postgres.CreateDatabaseAsync("points_broker_connection_string", ct),
            brokerEndpoint: null,
            settings: new Dictionary<string, string?> { ["ConnectionStrings:rocketmq"] = _broker.Endpoint });
        var (registrationId, userId) = (Guid.NewGuid(), Guid.NewGuid());
        using var client = _host.CreateClient();

        await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(registrationId, userId), registrationId.ToString("D"));

        await Eventually.MeetsAsync(() => Points.BalanceAsync(client, userId), b => b == 100, "the points are granted");
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 1, "the message is acked");
    }

    [Fact]
    public async Task A_duplicate_delivery_of_a_registration_is_acked_without_a_second_grant()
    {
        var (registrationId, userId) = (Guid.NewGuid(), Guid.NewGuid());
        var body = Publisher.UserRegisteredBody(registrationId, userId);
        using var client = _host.CreateClient();

        await Publisher.PublishCommittedAsync(_broker.Endpoint, body, registrationId.ToString("D"));
        await Publisher.PublishCommittedAsync(_broker.Endpoint, body, registrationId.ToString("D"));
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 2, "both messages are acked");

        Assert.Equal(100, await Points.BalanceAsync(client, userId));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "processed_registrations"));
    }

    [Fact]
    public async Task A_batch_grants_each_registration_once_in_one_statement_with_copies_inside_it_and_in_a_later_batch()
    {
        var (first, second, sameUser) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (firstUser, secondUser) = (Guid.NewGuid(), Guid.NewGuid());
        var spans = new ConcurrentQueue<Activity>();
        using var listener = ListenToSpans(spans);

        var messageIds = await PublishAsOneBatchAsync((first, firstUser, 100), (second, secondUser, 100), (first, firstUser, 100), (sameUser, secondUser, 50));
        using var client = _host.CreateClient();
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 4, "the batch is acked");
        await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(first, firstUser), first.ToString("D"));
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 5, "the later copy is acked");

        Assert.Equal(100, await Points.BalanceAsync(client, firstUser));
        Assert.Equal(150, await Points.BalanceAsync(client, secondUser));
        Assert.Equal(3, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, $"processed_registrations WHERE registration_id = '{first}' AND message_id = '{messageIds[0]}'"));
        Assert.Contains(_logs.Lines, line => line.Message == $"Registration {first} (message {messageIds[2]}, attempt 1) was granted before; acking the duplicate");
        Assert.Equal(2, _logs.Lines.Count(line => line.Message.StartsWith($"Registration {first} (message ", StringComparison.Ordinal)));
        Assert.Equal((0L, 0L), (Group().Redelivered, Group().DeadLettered));
        // One statement for the four: one grant span, linked to the process span of each.
        var processes = spans.Where(span => span.DisplayName == "process user-registered" && messageIds.Contains(span.GetTagItem("messaging.message.id"))).ToArray();
        Assert.Equal(4, processes.Length);
        var grant = Assert.Single(spans, span => span.DisplayName == "grant" && span.Links.Any(link => link.Context == processes[0].Context));
        Assert.Equal(4, grant.GetTagItem("messaging.batch.message_count"));
        Assert.Equal(processes.Select(p => p.SpanId.ToHexString()).Order(), grant.Links.Select(link => link.Context.SpanId.ToHexString()).Order());
        Assert.DoesNotContain(_logs.Lines, line => line.Message.StartsWith("The grant of a batch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_with_a_message_the_database_refuses_dead_letters_only_that_one_and_grants_the_others()
    {
        var (refusedId, refusedUser) = (Guid.NewGuid(), Guid.NewGuid());
        var (before, after) = ((Id: Guid.NewGuid(), User: Guid.NewGuid()), (Id: Guid.NewGuid(), User: Guid.NewGuid()));
        _smuggleNul.ArmFor(refusedId);

        var messageIds = await PublishAsOneBatchAsync((before.Id, before.User, 100), (refusedId, refusedUser, 100), (after.Id, after.User, 100));
        using var client = _host.CreateClient();

        var deadLetter = await Eventually.MeetsAsync(
            () => _broker.Inspector.TakeSnapshot().DeadLetters.SingleOrDefault(d => d.MessageId == messageIds[1]),
            d => d is not null,
            "the refused message is dead-lettered");
        Assert.Equal(1, deadLetter!.DeliveryAttempts);
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 2, "the other two are acked");
        Assert.Equal(100, await Points.BalanceAsync(client, before.User));
        Assert.Equal(100, await Points.BalanceAsync(client, after.User));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, $"point_balances WHERE user_id = '{refusedUser}'"));
        Assert.Equal((0L, 1L), (Group().Redelivered, Group().DeadLettered));
        var batchFailed = Assert.Single(_logs.Lines, line => line.Message.StartsWith("The grant of a batch", StringComparison.Ordinal));
        Assert.StartsWith("The grant of a batch of 3 messages failed (22021", batchFailed.Message, StringComparison.Ordinal);
        Assert.Single(_logs.Lines, line => line.Message.Contains("refused the content", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_outage_during_a_batch_s_statement_leaves_every_message_unacked_and_a_later_delivery_grants_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var registrations = Enumerable.Range(0, 3).Select(_ => (RegistrationId: Guid.NewGuid(), UserId: Guid.NewGuid(), Points: 100)).ToArray();
        // A lock holds the batch's statement inside PostgreSQL until the outage drops its connection.
        await using (var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_host.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await holder.OpenAsync(ct);
            await using var transaction = await holder.BeginTransactionAsync(ct);
            await using (var lockBalances = new NpgsqlCommand("LOCK TABLE point_balances IN ACCESS EXCLUSIVE MODE", holder, transaction))
            {
                await lockBalances.ExecuteNonQueryAsync(ct);
            }

            await PublishAsOneBatchAsync(registrations);
            await Eventually.MeetsAsync(
                () => Database.CountAsync(_host.ConnectionString, "pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH batch AS%'"),
                waiting => waiting == 1,
                "the batch's statement waits on the lock");
            await Database.TakeOfflineAsync(postgres.ServerConnectionString, _host.ConnectionString);
        }

        await Eventually.MeetsAsync(() => Group().Redelivered, r => r >= 3, "every message of the failed batch comes back");
        Assert.Equal(0, Group().Acked);
        await Database.BringOnlineAsync(postgres.ServerConnectionString, _host.ConnectionString);

        using var client = _host.CreateClient();
        foreach (var (_, userId, _) in registrations)
        {
            await Eventually.MeetsAsync(() => Points.BalanceAsync(client, userId), b => b == 100, "a later delivery grants the points");
        }

        await Eventually.MeetsAsync(AckedAsync, acked => acked == 3, "and acks them");
        Assert.Equal(3, await Database.CountAsync(_host.ConnectionString, "ledger_entries"));
        Assert.StartsWith("The grant of a batch of 3 messages failed", _logs.Lines.First(line => line.Message.StartsWith("The grant of a batch", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poison_message_grants_nothing_and_is_retried_until_it_is_dead_lettered()
    {
        var key = Guid.NewGuid().ToString("D");

        var messageId = await Publisher.PublishCommittedAsync(_broker.Endpoint, "this is not json", key);

        var deadLetter = await Eventually.MeetsAsync(
            () => _broker.Inspector.TakeSnapshot().DeadLetters.SingleOrDefault(d => d.MessageId == messageId),
            d => d is not null,
            "the poison message is dead-lettered");
        Assert.Equal("%DLQ%points-service", deadLetter!.Topic);
        Assert.Equal(4, deadLetter.DeliveryAttempts);
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "processed_registrations"));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "point_balances"));
    }

    [Fact]
    public async Task A_grant_that_fails_on_the_database_is_not_acked_and_succeeds_on_a_later_delivery()
    {
        var (registrationId, userId) = (Guid.NewGuid(), Guid.NewGuid());
        using var client = _host.CreateClient();
        await Database.TakeOfflineAsync(postgres.ServerConnectionString, _host.ConnectionString);

        await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(registrationId, userId), registrationId.ToString("D"));
        await Eventually.MeetsAsync(() => Group().Redelivered, r => r >= 1, "the failed message comes back");
        Assert.Equal(0, Group().Acked);
        await Database.BringOnlineAsync(postgres.ServerConnectionString, _host.ConnectionString);

        await Eventually.MeetsAsync(() => Points.BalanceAsync(client, userId), b => b == 100, "a later delivery grants the points");
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 1, "and is acked");
    }

    [Fact]
    public async Task A_message_whose_content_postgres_refuses_is_dead_lettered_on_its_first_delivery_without_retries()
    {
        // The grant's values are the message's; a NUL among them, put there past the parsing, is refused
        // by real PostgreSQL with SQLSTATE 22021 on every delivery, as a value of a future field could be.
        var (refusedId, refusedUser) = (Guid.NewGuid(), Guid.NewGuid());
        _smuggleNul.ArmFor(refusedId);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = ListenToSpans(spans);
        using var client = _host.CreateClient();

        var messageId = await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(refusedId, refusedUser), refusedId.ToString("D"));

        var deadLetter = await Eventually.MeetsAsync(
            () => _broker.Inspector.TakeSnapshot().DeadLetters.SingleOrDefault(d => d.MessageId == messageId),
            d => d is not null,
            "the refused message is dead-lettered");
        Assert.Equal(("%DLQ%points-service", 1), (deadLetter!.Topic, deadLetter.DeliveryAttempts));
        Assert.Equal("22021", _smuggleNul.RefusedWith);
        var refusal = Assert.Single(_logs.Lines, line => line.Message.Contains("refused the content", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.Contains($"registration {refusedId} (message {messageId}, attempt 1) with SQLSTATE 22021", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("goes to the dead-letter queue now", refusal.Message, StringComparison.Ordinal);
        var process = await Eventually.MeetsAsync(
            () => spans.SingleOrDefault(span => span.DisplayName == "process user-registered" && Equals(span.GetTagItem("messaging.message.id"), messageId)),
            span => span is not null,
            "the processing span ends");
        Assert.Equal(
            (ActivityStatusCode.Error, "The database refused the message's content (SQLSTATE 22021): no retry can succeed, so it is dead-lettered.", "Npgsql.PostgresException"),
            (process!.Status, process.StatusDescription, process.GetTagItem("error.type")));
        Assert.Single(spans, span => span.DisplayName == "forward_to_dead_letter_queue user-registered" && span.Status == ActivityStatusCode.Unset
            && Equals(span.GetTagItem("messaging.message.id"), messageId));

        // A registration after it is granted, well after a retry's backoff: the refused one never came back.
        var (laterId, laterUser) = (Guid.NewGuid(), Guid.NewGuid());
        await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(laterId, laterUser), laterId.ToString("D"));
        await Eventually.MeetsAsync(() => Points.BalanceAsync(client, laterUser), b => b == 100, "the next registration is granted");
        await Eventually.MeetsAsync(AckedAsync, acked => acked == 1, "and acked");
        Assert.Equal((0L, 0L, 1L), (Group().Redelivered, Group().InFlight, Group().DeadLettered));
        Assert.Equal(1, await Database.CountAsync(_host.ConnectionString, "processed_registrations"));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, $"point_balances WHERE user_id = '{refusedUser}'"));
        Assert.DoesNotContain(_logs.Lines, line => line.Message.Contains($"Granting registration {refusedId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_message_the_broker_cannot_take_to_the_dead_letter_queue_is_retried_until_the_broker_dead_letters_it()
    {
        var (refusedId, refusedUser) = (Guid.NewGuid(), Guid.NewGuid());
        _smuggleNul.ArmFor(refusedId);
        _refuseForwarding.Enabled = true;

        var messageId = await Publisher.PublishCommittedAsync(_broker.Endpoint, Publisher.UserRegisteredBody(refusedId, refusedUser), refusedId.ToString("D"));

        var deadLetter = await Eventually.MeetsAsync(
            () => _broker.Inspector.TakeSnapshot().DeadLetters.SingleOrDefault(d => d.MessageId == messageId),
            d => d is not null,
            "the broker dead-letters it past the max attempts");
        Assert.Equal(4, deadLetter!.DeliveryAttempts);
        Assert.Equal(4, _refuseForwarding.Refused);
        Assert.Equal(4, _logs.Lines.Count(line => line.Message.StartsWith($"Could not move message {messageId} to the dead-letter queue; retrying it", StringComparison.Ordinal)));
        Assert.Equal(0, await Database.CountAsync(_host.ConnectionString, "processed_registrations"));
    }

    [Fact]
    public async Task The_armed_deliver_next_message_twice_fault_is_logged_as_that_fault_at_warning_and_the_redelivery_is_acked_as_a_duplicate()
    {
        var ct = TestContext.Current.CancellationToken;
        var (registrationId, userId) = (Guid.NewGuid(), Guid.NewGuid());
        using var client = _host.CreateClient();
        using (var armed = await client.PostAsync(new Uri("/dev/faults/deliver-next-message-twice", UriKind.Relative), content: null, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, armed.StatusCode);
        }

        // Registered after the arming, or the fault would leave it alone.
        var body = JsonSerializer.Serialize(
            new { registrationId, userId, email = "ann@example.com", displayName = "Ann", points = 100, registeredAt = DateTimeOffset.UtcNow },
            JsonSerializerOptions.Web);
        var messageId = await Publisher.PublishCommittedAsync(_broker.Endpoint, body, registrationId.ToString("D"));

        await Eventually.MeetsAsync(AckedAsync, acked => acked == 1, "the second delivery is acked");
        Assert.Equal(100, await Points.BalanceAsync(client, userId));
        var crashed = Assert.Single(_logs.Lines, line => line.Message.StartsWith("Fault deliver-next-message-twice left message", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, crashed.Level);
        Assert.Equal(
            $"Fault deliver-next-message-twice left message {messageId} of registration {registrationId} unacked after its grant committed, as a crash before the ack would; "
            + "the broker delivers it again after its invisible duration, and that delivery is acked as a duplicate",
            crashed.Message);
        Assert.Contains(_logs.Lines, line => line.Message == $"Registration {registrationId} (message {messageId}, attempt 2) was granted before; acking the duplicate");
        Assert.DoesNotContain(_logs.Lines, line => line.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Points_of_an_unknown_user_are_a_404_problem()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync(new Uri($"/points/{Guid.NewGuid()}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Once enabled, the broker answers each ForwardMessageToDeadLetterQueue with an internal error, as a broker in trouble would.</summary>
    private sealed class RefuseForwarding : Interceptor
    {
        private int _refused;
        private int _enabled;

        public bool Enabled
        {
            get => Volatile.Read(ref _enabled) == 1;
            set => Volatile.Write(ref _enabled, value ? 1 : 0);
        }

        public int Refused => Volatile.Read(ref _refused);

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            if (Enabled && request is ForwardMessageToDeadLetterQueueRequest)
            {
                Interlocked.Increment(ref _refused);
                var refusal = new ForwardMessageToDeadLetterQueueResponse { Status = new Status { Code = Code.InternalServerError, Message = "the dead-letter topic is unavailable" } };
                return Task.FromResult((TResponse)(object)refusal);
            }

            return continuation(request, context);
        }
    }

    private RocketMq.DevBroker.GroupSnapshot Group() =>
        _broker.Inspector.TakeSnapshot().Groups.Single(g => g.Name == TestBroker.Group);

    private Task<long> AckedAsync() => Task.FromResult(Group().Acked);
}
