using System.Diagnostics;
using System.Net;
using PointsDemo.TestSupport.Services;
using static PointsDemo.Telemetry.Tests.SpanQueries;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// One registration is one trace: UserService's HTTP request, its database work, the send and the
/// commit of the message; PointsService's processing as a child of the send. The grant of a received
/// batch is a trace of its own, linked to each message's processing, with its statement under it. A
/// registration whose commit never arrives is repaired by a check-back in its own trace, linked to the send.
/// </summary>
[Collection(nameof(ObservedSystem))]
public sealed class RegistrationTraceTests(ObservedSystem system)
{
    [Fact]
    public async Task A_registration_is_one_trace_from_the_request_through_the_broker_to_the_grant()
    {
        var userId = await system.RegisterNewUserAsync("trace");

        // UserService: POST /users → database → send → end_transaction (commit).
        var server = await ServerSpanAsync(system.Users, "pointsdemo.user.id", userId);
        Assert.Equal("/users", server.Tag("http.route"));
        var send = await ChildAsync(system.Users, server, $"send {Topic}");
        var commit = await ChildAsync(system.Users, server, $"end_transaction {Topic}");
        Assert.Equal(ActivityKind.Producer, send.Kind);
        AssertMessaging(send, "send", "send");
        var messageId = send.Tag("messaging.message.id");
        Assert.False(string.IsNullOrEmpty(messageId));
        Assert.Equal("UserRegistered", send.Tag("messaging.rocketmq.message.tag"));
        Assert.Equal(server.Tag("pointsdemo.registration.id"), Assert.Single((string[])send.GetTagItem("messaging.rocketmq.message.keys")!));
        AssertMessaging(commit, "settle", "end_transaction");
        Assert.Equal("commit", commit.Tag("messaging.rocketmq.transaction.resolution"));
        Assert.Equal(messageId, commit.Tag("messaging.message.id"));
        // The user's insert, not any INSERT: the spans this process captured include others' writes.
        var inserts = DescendantsOf(system.Users, server).Where(s => s.Source.Name == "Npgsql" && s.Tag("db.query.text")?.Contains("INSERT INTO users", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(inserts);
        // The local transaction runs between the half message and its commit.
        Assert.All(inserts, insert => Assert.InRange(insert.StartTimeUtc, send.StartTimeUtc + send.Duration, commit.StartTimeUtc));

        // PointsService: process, the child of the send (through the message's traceparent).
        var process = await SpanAsync(system.Points, s => s.IsProcessOf(messageId), $"process of {messageId}");
        Assert.Equal($"process {Topic}", process.DisplayName);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(send.TraceId, process.TraceId);
        Assert.Equal(send.SpanId, process.ParentSpanId);
        AssertMessaging(process, "process", "process");
        Assert.Equal(TestBroker.Group, process.Tag("messaging.consumer.group.name"));
        Assert.Equal("1", process.Tag("messaging.rocketmq.message.delivery_attempt"));
        Assert.Equal(ActivityStatusCode.Unset, process.Status);
        // The batch's grant: one statement for every message received with this one, in a trace of its
        // own that links to each message's process span, and the statement under it, not under the process span.
        var grant = await SpanAsync(
            system.Points,
            s => s.Source.Name == "PointsService" && s.DisplayName == "grant" && s.Links.Any(link => link.Context.TraceId == process.TraceId && link.Context.SpanId == process.SpanId),
            "the batch's grant linked to the process span");
        Assert.Equal((ActivityKind.Internal, default, ActivityStatusCode.Unset), (grant.Kind, grant.ParentSpanId, grant.Status));
        Assert.NotEqual(process.TraceId, grant.TraceId);
        Assert.Equal(grant.Links.Count(), (int)grant.GetTagItem("messaging.batch.message_count")!);
        var statement = await SpanAsync(system.Points, s => s.Source.Name == "Npgsql" && s.TraceId == grant.TraceId && s.ParentSpanId == grant.SpanId, "the statement under the grant");
        Assert.StartsWith("WITH batch AS", statement.Tag("db.query.text"), StringComparison.Ordinal);
        Assert.DoesNotContain(system.Points.Spans.Now(), s => s.Source.Name == "Npgsql" && s.ParentSpanId == process.SpanId);
        // The grants of a batch are acked in one request: its span links to the send of each message it settles.
        await SpanAsync(system.Points, s => s.DisplayName == $"ack {Topic}" && s.Links.Any(link => link.Context.SpanId == send.SpanId), "the ack linked to the send");
    }

    [Fact]
    public async Task A_check_back_is_its_own_trace_linked_to_the_send_and_the_points_still_join_the_registration_trace()
    {
        var email = $"checked-{Guid.NewGuid():N}@example.com";
        using var response = await system.RegisterAsync(email, CrashPoint.AfterLocalCommit);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var registrationId = await system.RegistrationIdOfAsync(email);

        var server = await ServerSpanAsync(system.Users, "pointsdemo.registration.id", registrationId.ToString());
        var send = await ChildAsync(system.Users, server, $"send {Topic}");
        Assert.DoesNotContain(system.Users.Spans.Now(), s => s.DisplayName == $"end_transaction {Topic}" && s.ParentSpanId == server.SpanId);

        var check = await SpanAsync(
            system.Users,
            s => s.DisplayName == $"check {Topic}" && s.Links.Any(link => link.Context.TraceId == send.TraceId && link.Context.SpanId == send.SpanId),
            "the check-back linked to the send");
        Assert.NotEqual(send.TraceId, check.TraceId);
        Assert.Equal(default, check.ParentSpanId);
        Assert.Equal(send.Tag("messaging.message.id"), check.Tag("messaging.message.id"));
        Assert.Equal("commit", check.Tag("messaging.rocketmq.transaction.resolution"));
        var commit = await ChildAsync(system.Users, check, $"end_transaction {Topic}");
        Assert.Equal("commit", commit.Tag("messaging.rocketmq.transaction.resolution"));
        Assert.Contains(DescendantsOf(system.Users, check), s => s.Source.Name == "Npgsql");

        // The message still carries the send's context: the grant joins the registration's trace, not the check's.
        var process = await SpanAsync(system.Points, s => s.IsProcessOf(send.Tag("messaging.message.id")), "the process span");
        Assert.Equal(send.SpanId, process.ParentSpanId);

        var metrics = system.Users.FlushMetrics();
        Assert.NotEmpty(TelemetryCapture.MetricPoints(metrics, "rocketmq.client.transaction.checks", ("messaging.rocketmq.transaction.resolution", "commit"), ("messaging.destination.name", Topic)));

        // The grant is acked after its process span ends: let it settle, so that nothing of this test runs on into the next.
        await system.InvariantHoldsAsync();
    }

    [Fact]
    public async Task Neither_the_client_s_gRPC_calls_nor_empty_long_polls_appear_as_spans()
    {
        await system.RegisterNewUserAsync("quiet");
        // A receive that brought messages ends before its process spans do; by then idle polls have ended too.
        var received = await SpanAsync(system.Points, s => s.DisplayName == $"receive {Topic}", "a receive that brought messages");

        Assert.Equal(ActivityKind.Client, received.Kind);
        Assert.All(
            system.Points.Spans.Now().Concat(system.Users.Spans.Now()),
            span =>
            {
                Assert.DoesNotContain("apache.rocketmq.v2.MessagingService", span.Tag("url.full") ?? "", StringComparison.Ordinal);
                // (A receive that failed, e.g. against a broker that is down, is worth its span.)
                if (span.DisplayName == $"receive {Topic}" && span.Status != ActivityStatusCode.Error)
                {
                    Assert.True(int.Parse(span.Tag("messaging.batch.message_count")!, System.Globalization.CultureInfo.InvariantCulture) > 0, "an empty receive was recorded");
                }
            });
    }

    private static void AssertMessaging(Activity span, string operationType, string operationName)
    {
        Assert.Equal("rocketmq", span.Tag("messaging.system"));
        Assert.Equal(Topic, span.Tag("messaging.destination.name"));
        Assert.Equal(operationType, span.Tag("messaging.operation.type"));
        Assert.Equal(operationName, span.Tag("messaging.operation.name"));
    }
}
