using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// <see cref="SimpleConsumer.ProcessAsync{TResult}"/> through the client and the dev broker over gRPC:
/// the handler runs inside a <c>process</c> span that is the child of the message's send, carries
/// OpenTelemetry's messaging attributes, and records failures (thrown, or reported by the handler).
/// </summary>
public sealed class ProcessSpanTests : IDisposable
{
    private static readonly string[] ProcessAttributes =
    [
        "messaging.system", "messaging.operation.type", "messaging.operation.name", "messaging.destination.name", "messaging.consumer.group.name",
        "messaging.message.id", "messaging.rocketmq.message.tag", "messaging.rocketmq.message.delivery_attempt", "messaging.client.id",
    ];

    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly MetricsTests.MeasurementRecorder _metrics = new(RocketMqDiagnostics.Meter);

    public ProcessSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RocketMqDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task The_handler_runs_in_a_consumer_span_under_the_send_with_the_messaging_attributes()
    {
        const string Group = "process-spans";
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync(Group, BrokerHarness.NormalTopic);
        var sent = await producer.SendAsync(Notification("hello", "order-7"), ct);
        var message = Assert.Single(await consumer.ReceiveCountAsync(1));

        Activity? current = null;
        var result = await consumer.ProcessAsync(
            message,
            (processing, _) =>
            {
                current = Activity.Current;
                Assert.Same(message, processing.Message);
                return ValueTask.FromResult(Encoding.UTF8.GetString(processing.Message.Body.Span).Length);
            },
            ct);

        Assert.Equal(5, result);
        var send = SpanOf("send", sent.MessageId);
        var process = SpanOf("process", sent.MessageId);
        Assert.Same(process, current);
        Assert.Equal(($"process {BrokerHarness.NormalTopic}", ActivityKind.Consumer), (process.DisplayName, process.Kind));
        Assert.Equal((send.TraceId, send.SpanId), (process.TraceId, process.ParentSpanId));
        Assert.Equal(ActivityStatusCode.Unset, process.Status);
        Assert.Equal(
            new object?[] { "rocketmq", "process", "process", BrokerHarness.NormalTopic, Group, sent.MessageId, "Notice", 1, consumer.ClientId },
            ProcessAttributes.Select(process.GetTagItem));
        Assert.Equal(["order-7"], (string[])process.GetTagItem("messaging.rocketmq.message.keys")!);
        Assert.Null(process.GetTagItem("error.type"));
        Assert.Equal(1, _metrics.Sum("messaging.process.duration", ("messaging.consumer.group.name", Group), ("messaging.destination.name", BrokerHarness.NormalTopic)));
    }

    [Fact]
    public async Task A_thrown_failure_fails_the_span_and_reaches_the_caller_a_reported_one_keeps_its_description_and_a_shutdown_is_no_failure()
    {
        const string Group = "process-failures";
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync();
        var producer = await harness.StartProducerAsync(topics: BrokerHarness.NormalTopic);
        var consumer = await harness.StartConsumerAsync(Group, BrokerHarness.NormalTopic);
        var thrown = await producer.SendAsync(Notification("throws"), ct);
        var reported = await producer.SendAsync(Notification("reports"), ct);
        var stopped = await producer.SendAsync(Notification("stops"), ct);
        var received = (await consumer.ReceiveCountAsync(3)).ToDictionary(m => m.MessageId);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await consumer.ProcessAsync(received[thrown.MessageId], (_, _) => throw new InvalidOperationException("the handler broke"), ct));
        var handled = await consumer.ProcessAsync(
            received[reported.MessageId],
            (processing, _) =>
            {
                processing.Fail(new FormatException("not a notice"), "unreadable: dead-lettered");
                return ValueTask.FromResult(processing.HasFailed);
            },
            ct);
        using var shutdown = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await consumer.ProcessAsync(
            received[stopped.MessageId],
            async (_, token) =>
            {
                await shutdown.CancelAsync();
                token.ThrowIfCancellationRequested();
            },
            shutdown.Token));

        var broken = SpanOf("process", thrown.MessageId);
        Assert.Equal((ActivityStatusCode.Error, "the handler broke", "System.InvalidOperationException"), (broken.Status, broken.StatusDescription, broken.GetTagItem("error.type")));
        Assert.Equal(failure.Message, Assert.Single(broken.Events, e => e.Name == "exception").Tags.Single(t => t.Key == "exception.message").Value);
        Assert.True(handled);
        var unreadable = SpanOf("process", reported.MessageId);
        Assert.Equal((ActivityStatusCode.Error, "unreadable: dead-lettered", "System.FormatException"), (unreadable.Status, unreadable.StatusDescription, unreadable.GetTagItem("error.type")));
        var cancelled = SpanOf("process", stopped.MessageId);
        Assert.Equal((ActivityStatusCode.Unset, null), (cancelled.Status, cancelled.GetTagItem("error.type")));
        Assert.Equal(1, _metrics.Sum("messaging.process.duration", ("messaging.consumer.group.name", Group), ("error.type", "System.InvalidOperationException")));
        Assert.Equal(1, _metrics.Sum("messaging.process.duration", ("messaging.consumer.group.name", Group), ("error.type", "System.FormatException")));
        Assert.Equal(3, _metrics.Sum("messaging.process.duration", ("messaging.consumer.group.name", Group)));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    /// <summary>The ended span of <paramref name="operation"/> for the message: the one the operation ended before returning.</summary>
    private Activity SpanOf(string operation, string messageId) =>
        Assert.Single(_spans, s => s.GetTagItem("messaging.operation.name") as string == operation && s.GetTagItem("messaging.message.id") as string == messageId);

    private static Message Notification(string text, params string[] keys) =>
        new(BrokerHarness.NormalTopic, Encoding.UTF8.GetBytes(text)) { Tag = "Notice", Keys = keys };
}
