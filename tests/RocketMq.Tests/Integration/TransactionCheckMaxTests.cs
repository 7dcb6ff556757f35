using System.Net;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>
/// Half messages whose check-backs ran out go to TRANS_CHECK_MAX_TIME_TOPIC, where the snapshot
/// shows them and an operator can resume their checks over the inspection API; a durable broker
/// keeps them there across a restart.
/// </summary>
public sealed class TransactionCheckMaxTests
{
    [Fact]
    public async Task An_unanswered_half_message_moves_to_the_check_max_topic_and_a_resume_gets_it_committed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new DataFolder();
        // The checker says "unknown" until the operator has fixed what it depends on.
        var fixedUp = false;
        var checker = new RecordingChecker(_ => Volatile.Read(ref fixedUp) ? TransactionResolution.Commit : TransactionResolution.Unknown);
        string sent;
        await using (var before = await BrokerHarness.StartAsync(o =>
        {
            o.TransactionCheckMax = 2;
            o.DataFolder = data.Path;
        }))
        {
            var producer = await before.StartProducerAsync(checker);
            sent = (await producer.BeginTransaction().SendAsync(TransactionTests.Registration("r-stuck"), ct)).MessageId;

            var parked = await Eventually.MeetsAsync(
                () => before.Inspector.TakeSnapshot(), s => s.TransactionCheckMax is { Count: 1 }, "the half message to move to TRANS_CHECK_MAX_TIME_TOPIC");
            Assert.Empty(parked.HalfMessages);
            var moved = Assert.Single(parked.TransactionCheckMax!);
            Assert.Equal((sent, 2), (moved.MessageId, moved.ChecksSent));
            Assert.NotNull(moved.MovedToCheckMaxAt);
            var topic = Assert.Single(parked.Topics, t => t.Name == "TRANS_CHECK_MAX_TIME_TOPIC");
            Assert.Equal((1L, 1L), (topic.Stored, topic.Retained));
            Assert.Equal(2, checker.Checks);
        }

        await using var after = await BrokerHarness.StartAsync(o =>
        {
            o.DataFolder = data.Path;
            o.InspectionPort = 0;
        });
        Assert.Equal(sent, Assert.Single(after.Inspector.TakeSnapshot().TransactionCheckMax!).MessageId);
        await after.StartProducerAsync(checker);
        var consumer = await after.StartConsumerAsync("points-service");
        using var http = new HttpClient { BaseAddress = after.Broker.InspectionEndpoint };

        using var unknown = await http.PostAsync(new Uri("/api/half-messages/NO-SUCH-ID/resume-checks", UriKind.Relative), null, ct);
        Volatile.Write(ref fixedUp, true);
        using var resumed = await http.PostAsync(new Uri($"/api/half-messages/{sent}/resume-checks", UriKind.Relative), null, ct);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(sent, Assert.Single(await consumer.ReceiveCountAsync(1)).MessageId);
        var snapshot = after.Inspector.TakeSnapshot();
        Assert.Empty(snapshot.TransactionCheckMax!);
        Assert.Empty(snapshot.HalfMessages);
    }
}
