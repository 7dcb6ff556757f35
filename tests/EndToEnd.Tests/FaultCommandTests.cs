using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using static PointsDemo.TestSupport.Services.FaultCommands;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// Each fault command of the dashboard, through the services' HTTP routes as the dashboard calls
/// them: it fires for the next registration, the broker repairs what can be repaired, and afterwards
/// every registered user has exactly the registration points (none when the message was
/// dead-lettered), nobody else has any, and no half message is left.
/// </summary>
public sealed class FaultCommandTests(FaultFlow flow) : IClassFixture<FaultFlow>
{
    [Fact]
    public async Task Lose_next_commit_answers_201_and_the_check_back_commits_the_message_so_the_points_arrive_once()
    {
        var armed = await ArmAsync(flow.UsersClient, "lose-next-commit");
        Assert.False(armed.GetProperty("alreadyArmed").GetBoolean());

        var userId = await RegisterSampleUserCreatedAsync(flow.UsersClient);

        // Stored, answered 201, and the message still held back: its COMMIT never went out.
        var registrationId = await flow.RegistrationIdOfAsync(userId);
        Assert.True(flow.HalfMessagePending(registrationId), "the half message waits for its check-back");
        var state = await flow.InvariantHoldsAsync();
        Assert.Equal((100, 1), state.Points[userId]);
        Assert.True(flow.CheckedBackCommitted(registrationId), "the check-back committed the message");

        // One-shot: the next registration commits its message itself.
        var next = await flow.RegistrationIdOfAsync(await RegisterSampleUserCreatedAsync(flow.UsersClient));
        Assert.False(flow.HalfMessagePending(next), "the next registration's message is committed at once");
        await flow.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Fail_next_local_transaction_answers_503_stores_nothing_and_rolls_the_message_back_at_once()
    {
        await ArmAsync(flow.UsersClient, "fail-next-local-transaction");
        var usersBefore = await Database.CountAsync(flow.UsersDb, "users");
        var storedBefore = flow.Broker.TopicNow().Stored;

        using var response = await RegisterSampleUserAsync(flow.UsersClient);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("The user database is unavailable.", problem.GetProperty("detail").GetString());
        // Rolled back by the registration itself, not left to a check-back: nothing is held, nothing was committed.
        var topic = flow.Broker.TopicNow();
        Assert.Equal((0, storedBefore), (topic.HalfMessages, topic.Stored));
        Assert.Equal(usersBefore, await Database.CountAsync(flow.UsersDb, "users"));
        Assert.Contains(flow.UsersLogs.Lines, l => l.Level == LogLevel.Warning && l.Message.EndsWith("failed: the local transaction did not commit; its message is rolled back", StringComparison.Ordinal));
        await flow.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Die_after_next_local_commit_exits_the_process_and_its_replica_answers_the_check_back()
    {
        await ArmAsync(flow.UsersClient, "die-after-next-local-commit");
        var dying = flow.UsersHost.Exit;

        using (var response = await RegisterSampleUserAsync(flow.UsersClient))
        {
            // The real process would have gone without an answer; here the exit is an exception no flow catches.
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        var reason = await dying.Exited.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var registrationId = Assert.Single(flow.Broker.Inspector.TakeSnapshot().HalfMessages).Keys.Select(Guid.Parse).Single();
        Assert.Equal($"Fault die-after-next-local-commit: registration {registrationId} is stored and its message is not committed; the process exits here.", reason);

        await flow.RestartUserServiceAsync();

        var state = await flow.InvariantHoldsAsync();
        Assert.True(flow.CheckedBackCommitted(registrationId), "the replica's check-back committed the message");
        Assert.Equal((100, 1), state.Points[await flow.UserOfAsync(registrationId)]);
    }

    [Fact]
    public async Task A_sample_user_is_registered_as_POST_users_registers_one_with_a_new_address_each_time()
    {
        var ct = TestContext.Current.CancellationToken;
        using var first = await RegisterSampleUserAsync(flow.UsersClient);
        using var second = await RegisterSampleUserAsync(flow.UsersClient);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        var one = await first.Content.ReadFromJsonAsync<JsonElement>(ct);
        var other = await second.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal($"/users/{one.GetProperty("id").GetGuid()}", first.Headers.Location?.OriginalString);
        Assert.NotEqual(one.GetProperty("email").GetString(), other.GetProperty("email").GetString());
        var read = await flow.UsersClient.GetFromJsonAsync<JsonElement>(first.Headers.Location, ct);
        Assert.Equal(one.GetProperty("email").GetString(), read.GetProperty("email").GetString());
        await flow.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Arming_a_fault_again_before_it_fires_leaves_it_armed_once()
    {
        Assert.False((await ArmAsync(flow.UsersClient, "fail-next-local-transaction")).GetProperty("alreadyArmed").GetBoolean());
        var again = await ArmAsync(flow.UsersClient, "fail-next-local-transaction");
        Assert.True(again.GetProperty("alreadyArmed").GetBoolean());
        Assert.Contains("still fires once", again.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var failed = await RegisterSampleUserAsync(flow.UsersClient);
        using var registered = await RegisterSampleUserAsync(flow.UsersClient);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created), (failed.StatusCode, registered.StatusCode));
        await flow.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Fail_next_grant_leaves_the_message_unacked_then_its_redelivery_after_the_backoff_grants_it_once()
    {
        var before = flow.Group();

        var registrationId = await ArmThenRegisterUntilGrantedAsync("fail-next-grant");

        // The retry delay of the first attempt (PointsConsumer:RetryBaseDelay), not the invisible duration.
        Assert.Contains(flow.PointsLogs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith($"Granting registration {registrationId} ", StringComparison.Ordinal)
            && l.Message.EndsWith("attempt 1) failed; retrying in 00:00:00.1000000", StringComparison.Ordinal));
        Assert.Equal(before.Redelivered + 1, flow.Group().Redelivered);
        Assert.Equal(before.Acked + 1, flow.Group().Acked);
    }

    [Fact]
    public async Task Poison_next_message_fails_each_delivery_until_the_message_is_dead_lettered_and_no_other_message_is_touched()
    {
        await ArmAsync(flow.PointsClient, "poison-next-message");

        var poisonedUser = await RegisterSampleUserCreatedAsync(flow.UsersClient);
        var healthy = await RegisterSampleUserCreatedAsync(flow.UsersClient);
        var poisoned = await flow.RegistrationIdOfAsync(poisonedUser);

        var deadLetter = await Eventually.MeetsAsync(
            () => flow.Broker.Inspector.TakeSnapshot().DeadLetters.SingleOrDefault(d => d.Keys.Contains(poisoned.ToString("D"))),
            d => d is not null,
            "the poisoned message in the dead-letter queue");
        Assert.Equal(("%DLQ%points-service", FaultFlow.MaxDeliveryAttempts), (deadLetter!.Topic, deadLetter.DeliveryAttempts));
        var state = await flow.InvariantHoldsAsync();
        Assert.Equal([poisonedUser], state.DeadLettered);
        Assert.Equal((100, 1), state.Points[healthy]);
        Assert.Equal(
            Enumerable.Range(1, FaultFlow.MaxDeliveryAttempts),
            flow.PointsLogs.Lines.Where(l => l.Level == LogLevel.Error && l.Message.Contains($"registration {poisoned} fail", StringComparison.Ordinal)).Select(AttemptOf).Order());
    }

    [Fact]
    public async Task Deliver_next_message_twice_grants_on_the_first_delivery_and_acks_the_broker_s_second_delivery_as_a_duplicate()
    {
        var before = flow.Group();

        var registrationId = await ArmThenRegisterUntilGrantedAsync("deliver-next-message-twice");

        // A genuine second delivery: the broker handed the message out again once the first one's invisible duration ran out.
        Assert.Equal(before.Redelivered + 1, flow.Group().Redelivered);
        Assert.Contains(flow.PointsLogs.Lines, l => l.Message.StartsWith($"Registration {registrationId} (message ", StringComparison.Ordinal) && l.Message.EndsWith("attempt 2) was granted before; acking the duplicate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("users")]
    [InlineData("points")]
    public async Task An_unknown_fault_is_a_404_problem_naming_the_faults_there_are(string service)
    {
        using var response = await PostAsync(service == "users" ? flow.UsersClient : flow.PointsClient, "/dev/faults/lose-everything");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString();
        Assert.Contains("no fault 'lose-everything'", detail, StringComparison.Ordinal);
        Assert.Contains(service == "users" ? "die-after-next-local-commit" : "poison-next-message", detail, StringComparison.Ordinal);
    }

    /// <summary>Arms a fault of PointsService, registers a sample user and waits until the invariant holds with their points granted; their registration id.</summary>
    private async Task<Guid> ArmThenRegisterUntilGrantedAsync(string fault)
    {
        await ArmAsync(flow.PointsClient, fault);
        var userId = await RegisterSampleUserCreatedAsync(flow.UsersClient);

        var state = await flow.InvariantHoldsAsync();
        Assert.Equal((100, 1), state.Points[userId]);
        return await flow.RegistrationIdOfAsync(userId);
    }

    private static int AttemptOf(LogLine line)
    {
        var attempt = line.Message[(line.Message.IndexOf("(attempt ", StringComparison.Ordinal) + "(attempt ".Length)..];
        return int.Parse(attempt[..attempt.IndexOf(')', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
