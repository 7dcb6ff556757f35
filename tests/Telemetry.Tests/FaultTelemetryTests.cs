using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using static PointsDemo.Telemetry.Tests.SpanQueries;
using static PointsDemo.Telemetry.Tests.TelemetryCapture;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// What the dashboard shows of each fault command: an Information line naming the fault when it
/// fires, in the registration's log scope like every line of its repair; failed spans with error
/// status, then the retry or the check-back; and the counter the fault should move. Each test ends
/// once the system has settled with the invariant holding, so that nothing it started runs on into the next.
/// </summary>
public sealed class FaultTelemetryTests(ObservedFaults system) : IClassFixture<ObservedFaults>
{
    private const int MaxDeliveryAttempts = 4; // TestBroker's

    [Fact]
    public async Task Lose_next_commit_shows_the_commit_left_to_the_check_back_its_span_linked_to_the_send_and_a_check_back_counted_as_commit()
    {
        var checksBefore = Count(system.Users, "rocketmq.client.transaction.checks", ("messaging.rocketmq.transaction.resolution", "commit"));
        await FaultCommands.ArmAsync(system.Client, "lose-next-commit");

        var (registrationId, send) = await RegisterSampleUserAsync();

        var fired = await FiredAsync(system.Users, "lose-next-commit", registrationId);
        Assert.Equal(send.Tag("messaging.message.id"), ScopeValues(fired)["MessageId"]);
        await LogAsync(system.Users, registrationId, r => r.LogLevel == LogLevel.Warning && Says(r, "is stored but its commit did not reach the broker"), "the commit left to the check-back");
        var check = await SpanAsync(system.Users, s => s.DisplayName == $"check {Topic}" && s.Links.Any(link => link.Context.SpanId == send.SpanId), "the check-back linked to the send");
        Assert.Equal("commit", check.Tag("messaging.rocketmq.transaction.resolution"));
        await LogAsync(system.Users, registrationId, r => Says(r, "found it committed"), "the check-back's answer");
        var process = Assert.Single(await ProcessSpansAsync(send, attempts: 1));
        Assert.Equal(ActivityStatusCode.Unset, process.Status);
        Assert.True(Count(system.Users, "rocketmq.client.transaction.checks", ("messaging.rocketmq.transaction.resolution", "commit")) > checksBefore);
        await system.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Fail_next_local_transaction_shows_a_failed_request_its_rollback_and_a_registration_measured_as_unavailable()
    {
        var unavailableBefore = MetricPoints(system.Users.FlushMetrics(), "pointsdemo.registration.duration", ("pointsdemo.registration.outcome", "unavailable")).Sum(p => p.GetHistogramCount());
        await FaultCommands.ArmAsync(system.Client, "fail-next-local-transaction");

        using (var response = await FaultCommands.RegisterSampleUserAsync(system.Client))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        var fired = await SpanlessFiredAsync(system.Users, "fail-next-local-transaction");
        var registrationId = ScopeValues(fired)["RegistrationId"]!;
        var failed = await LogAsync(system.Users, registrationId, r => r.LogLevel == LogLevel.Warning && Says(r, "the local transaction did not commit"), "the failed local transaction");
        Assert.Equal("PointsDemo.Faults.SimulatedDatabaseFailure", failed.Exception?.GetType().FullName);
        var server = await ServerSpanAsync(system.Users, "pointsdemo.registration.id", registrationId, "POST /dev/sample-user");
        Assert.Equal(ActivityStatusCode.Error, server.Status);
        Assert.Equal("rollback", (await ChildAsync(system.Users, server, $"end_transaction {Topic}")).Tag("messaging.rocketmq.transaction.resolution"));
        Assert.True(MetricPoints(system.Users.FlushMetrics(), "pointsdemo.registration.duration", ("pointsdemo.registration.outcome", "unavailable")).Sum(p => p.GetHistogramCount()) > unavailableBefore);
        await system.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Fail_next_grant_shows_a_failed_process_span_its_retry_and_the_redelivery_that_grants()
    {
        var redeliveredBefore = Count(system.Points, "rocketmq.client.redelivered.messages");
        await FaultCommands.ArmAsync(system.PointsClient, "fail-next-grant");

        var (registrationId, send) = await RegisterSampleUserAsync();

        await FailedThenGrantedAsync(send, "PointsDemo.Faults.SimulatedDatabaseFailure");
        await SpanAsync(system.Points, s => s.DisplayName == $"change_invisible_duration {Topic}" && s.Tag("messaging.message.id") == send.Tag("messaging.message.id"), "the retry's backoff");
        Assert.Equal("1", ScopeValues(await FiredAsync(system.Points, "fail-next-grant", registrationId))["DeliveryAttempt"]);
        await LogAsync(system.Points, registrationId, r => r.LogLevel == LogLevel.Warning && Says(r, "attempt 1) failed; retrying in"), "the failed grant");
        Assert.True(Count(system.Points, "rocketmq.client.redelivered.messages") > redeliveredBefore);
        await system.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Poison_next_message_shows_a_failed_process_span_and_an_error_line_per_attempt_and_counts_a_dead_letter()
    {
        var deadBefore = Count(system.Points, "rocketmq.client.dead_lettered.messages");
        await FaultCommands.ArmAsync(system.PointsClient, "poison-next-message");

        var (registrationId, send) = await RegisterSampleUserAsync();

        await Eventually.MeetsAsync(
            () => system.Broker.Inspector.TakeSnapshot().DeadLetters.Any(d => d.MessageId == send.Tag("messaging.message.id")),
            dead => dead,
            "the poisoned message in the dead-letter queue");
        var spans = await ProcessSpansAsync(send, MaxDeliveryAttempts);
        Assert.All(spans, span => AssertFailed(span, "PointsDemo.PointsService.Grants.PoisonMessageException"));
        await Eventually.MeetsAsync(
            () => system.Points.Logs.Now().Count(r => r.LogLevel == LogLevel.Error && Carries(r, registrationId) && Says(r, "retrying until it is dead-lettered")),
            lines => lines == MaxDeliveryAttempts,
            "an error line per attempt");
        Assert.True(Count(system.Points, "rocketmq.client.dead_lettered.messages") > deadBefore);
        await system.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Deliver_next_message_twice_shows_the_unacked_first_delivery_failed_and_the_second_acked_as_a_duplicate()
    {
        var redeliveredBefore = Count(system.Points, "rocketmq.client.redelivered.messages");
        await FaultCommands.ArmAsync(system.PointsClient, "deliver-next-message-twice");

        var (registrationId, send) = await RegisterSampleUserAsync();

        await FailedThenGrantedAsync(send, "PointsDemo.PointsService.Faults.SimulatedCrashBeforeAck");
        var messageId = send.Tag("messaging.message.id");
        var crashed = await LogAsync(system.Points, registrationId, r => Says(r, "Fault deliver-next-message-twice left message"), "the armed crash before the ack");
        Assert.Equal(LogLevel.Warning, crashed.LogLevel);
        Assert.True(Says(crashed, $"message {messageId} of registration {registrationId} unacked"), crashed.FormattedMessage);
        Assert.True(Says(crashed, "the broker delivers it again"), crashed.FormattedMessage);
        Assert.DoesNotContain(
            system.Points.Logs.Now(),
            r => r.LogLevel >= LogLevel.Error && (Carries(r, registrationId) || ScopeValues(r).GetValueOrDefault("MessageId") == messageId));
        var duplicate = await LogAsync(system.Points, registrationId, r => Says(r, "was granted before; acking the duplicate"), "the duplicate acked");
        Assert.Equal("2", ScopeValues(duplicate)["DeliveryAttempt"]);
        await SpanAsync(system.Points, s => s.DisplayName == $"ack {Topic}" && s.Links.Any(link => link.Context.SpanId == send.SpanId), "the ack of the second delivery");
        Assert.True(Count(system.Points, "rocketmq.client.redelivered.messages") > redeliveredBefore);
        await system.InvariantHoldsAsync();
    }

    /// <summary>The message's first processing failed with <paramref name="errorType"/> and its second, a redelivery, went through.</summary>
    private async Task FailedThenGrantedAsync(Activity send, string errorType)
    {
        var spans = await ProcessSpansAsync(send, attempts: 2);
        AssertFailed(spans[0], errorType);
        Assert.Equal(ActivityStatusCode.Unset, spans[1].Status);
    }

    private static void AssertFailed(Activity span, string errorType)
    {
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(errorType, span.Tag("error.type"));
    }

    private static bool Says(LogRecord record, string text) => record.FormattedMessage?.Contains(text, StringComparison.Ordinal) == true;

    /// <summary>Whether <paramref name="record"/> was written for the registration: in its log scope, or naming it.</summary>
    private static bool Carries(LogRecord record, string registrationId) =>
        ScopeValues(record).GetValueOrDefault("RegistrationId") == registrationId
        || record.Attributes?.Any(a => a.Key == "RegistrationId" && a.Value?.ToString() == registrationId) == true;

    private static async Task<LogRecord> LogAsync(TelemetryCapture capture, string registrationId, Func<LogRecord, bool> match, string what) =>
        (await Eventually.MeetsAsync(() => capture.Logs.Now().FirstOrDefault(r => Carries(r, registrationId) && match(r)), r => r is not null, $"{what}, for registration {registrationId}"))!;

    /// <summary>The Information line of <paramref name="fault"/> firing for the registration, in its scope.</summary>
    private static Task<LogRecord> FiredAsync(TelemetryCapture capture, string fault, string registrationId) =>
        LogAsync(
            capture,
            registrationId,
            r => r.LogLevel == LogLevel.Information && ScopeValues(r).ContainsKey("RegistrationId") && Says(r, $"Fault {fault} fired for registration {registrationId}"),
            $"{fault} firing");

    /// <summary>The Information line of <paramref name="fault"/> firing, for a registration whose id no span tells.</summary>
    private static async Task<LogRecord> SpanlessFiredAsync(TelemetryCapture capture, string fault) =>
        (await Eventually.MeetsAsync(
            () => capture.Logs.Now().FirstOrDefault(r => r.LogLevel == LogLevel.Information && Says(r, $"Fault {fault} fired for registration ")),
            r => r is not null,
            $"{fault} firing"))!;

    /// <summary>Registers a sample user through the command's route; the registration id and the send span.</summary>
    private async Task<(string RegistrationId, Activity Send)> RegisterSampleUserAsync()
    {
        var userId = await FaultCommands.RegisterSampleUserCreatedAsync(system.Client);
        var server = await ServerSpanAsync(system.Users, "pointsdemo.user.id", userId.ToString(), "POST /dev/sample-user");
        return (server.Tag("pointsdemo.registration.id")!, await ChildAsync(system.Users, server, $"send {Topic}"));
    }

    /// <summary>PointsService's process spans of the message <paramref name="send"/> sent, by delivery attempt, once there are <paramref name="attempts"/>.</summary>
    private async Task<IReadOnlyList<Activity>> ProcessSpansAsync(Activity send, int attempts)
    {
        var spans = await Eventually.MeetsAsync(
            () => system.Points.Spans.Now()
                .Where(s => s.IsProcessOf(send.Tag("messaging.message.id")))
                .DistinctBy(s => s.SpanId)
                .OrderBy(s => int.Parse(s.Tag("messaging.rocketmq.message.delivery_attempt")!, CultureInfo.InvariantCulture))
                .ToList(),
            found => found.Count >= attempts,
            $"{attempts} process spans of the message");
        Assert.All(spans, span => Assert.Equal(send.SpanId, span.ParentSpanId));
        return spans;
    }

    private static long Count(TelemetryCapture capture, string metric, params (string Key, object Value)[] attributes) =>
        MetricPoints(capture.FlushMetrics(), metric, [("messaging.destination.name", Topic), .. attributes]).Sum(p => p.GetSumLong());
}
