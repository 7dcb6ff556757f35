using System.Diagnostics;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using static PointsDemo.Telemetry.Tests.SpanQueries;
using static PointsDemo.Telemetry.Tests.TelemetryCapture;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// The metrics of the flow, read from the in-memory metric exporter after a flush: messages sent,
/// received, acked, redelivered and dead-lettered, the registration latency and the time from
/// registration to points. Counters are cumulative over the shared system, so the asserts say "at least".
/// </summary>
[Collection(nameof(ObservedSystem))]
public sealed class RegistrationMetricsTests(ObservedSystem system)
{
    private const string Group = TestBroker.Group;

    [Fact]
    public async Task A_registration_records_its_latency_the_messages_and_the_time_until_its_points()
    {
        var userId = await system.RegisterNewUserAsync("metrics");
        var server = await ServerSpanAsync(system.Users, "pointsdemo.user.id", userId);
        var send = await ChildAsync(system.Users, server, $"send {Topic}");
        // The ack ends the processing: by then every instrument of the grant has recorded.
        await SpanAsync(system.Points, s => s.DisplayName == $"ack {Topic}" && s.Links.Any(link => link.Context.SpanId == send.SpanId), "the ack");

        var users = system.Users.FlushMetrics();
        Assert.Equal("s", UnitOf(users, "pointsdemo.registration.duration"));
        Assert.True(MetricPoints(users, "pointsdemo.registration.duration", ("pointsdemo.registration.outcome", "registered")).Sum(p => p.GetHistogramCount()) >= 1);
        Assert.True(Sum(MetricPoints(users, "messaging.client.sent.messages", ("messaging.system", "rocketmq"), ("messaging.destination.name", Topic), ("messaging.operation.name", "send"))) >= 1);
        Assert.True(MetricPoints(users, "messaging.client.operation.duration", ("messaging.operation.name", "end_transaction")).Sum(p => p.GetHistogramCount()) >= 1);

        var points = system.Points.FlushMetrics();
        var consumer = new[] { ("messaging.destination.name", (object)Topic), ("messaging.consumer.group.name", Group) };
        Assert.True(Sum(MetricPoints(points, "messaging.client.consumed.messages", consumer)) >= 1);
        Assert.True(Sum(MetricPoints(points, "rocketmq.client.acked.messages", consumer)) >= 1);
        Assert.Equal("s", UnitOf(points, "messaging.process.duration"));
        Assert.True(MetricPoints(points, "messaging.process.duration", consumer).Sum(p => p.GetHistogramCount()) >= 1);
        Assert.Equal("s", UnitOf(points, "pointsdemo.registration_to_points.duration"));
        Assert.True(MetricPoints(points, "pointsdemo.registration_to_points.duration").Sum(p => p.GetHistogramCount()) >= 1);
    }

    [Fact]
    public async Task A_poison_message_is_counted_as_redelivered_then_dead_lettered_and_each_processing_span_records_the_error()
    {
        var key = Guid.NewGuid().ToString("D");
        var messageId = await Publisher.PublishCommittedAsync(system.Broker.Endpoint, "not json", key);

        // The broker's own record: the message ends in %DLQ%points-service after the group's max attempts.
        var deadLetter = await Eventually.MeetsAsync(
            () => system.Broker.Inspector.TakeSnapshot().DeadLetters.FirstOrDefault(d => d.MessageId == messageId),
            d => d is not null,
            "the poison message in the dead-letter queue");

        // The broker dead-letters the message when it takes the last attempt's change of invisible
        // duration; the consumer counts it and ends that attempt's span once the answer is back, a
        // moment after the broker's record shows it.
        var processing = await Eventually.MeetsAsync(
            () => system.Points.Spans.Now().Where(s => s.IsProcessOf(messageId)).ToList(),
            spans => spans.Count >= deadLetter!.DeliveryAttempts,
            "a processing span for each delivery attempt");
        var consumer = new[] { ("messaging.destination.name", (object)Topic), ("messaging.consumer.group.name", Group) };
        var metrics = await Eventually.MeetsAsync(
            system.Points.FlushMetrics,
            m => Sum(MetricPoints(m, "rocketmq.client.dead_lettered.messages", consumer)) >= 1,
            "the dead-lettered message counted");
        Assert.True(Sum(MetricPoints(metrics, "rocketmq.client.redelivered.messages", consumer)) >= deadLetter!.DeliveryAttempts - 1);
        Assert.NotEmpty(MetricPoints(metrics, "messaging.process.duration", ("error.type", "PointsDemo.PointsService.Grants.PoisonMessageException")));

        Assert.Equal(
            Enumerable.Range(1, deadLetter.DeliveryAttempts).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            processing.Select(s => s.Tag("messaging.rocketmq.message.delivery_attempt")!).Order());
        Assert.All(processing, span =>
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal("PointsDemo.PointsService.Grants.PoisonMessageException", span.Tag("error.type"));
        });
    }

    private static long Sum(IEnumerable<OpenTelemetry.Metrics.MetricPoint> points) => points.Sum(p => p.GetSumLong());
}
