using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.RocketMq.DevBroker.Transactions;

namespace PointsDemo.RocketMq.Tests.DevBroker;

/// <summary>
/// The check rhythm on a fake clock: first check after the timeout (or recovery time), one per
/// pass, then TRANS_CHECK_MAX_TIME_TOPIC after the max, from where a resume starts the checks over.
/// </summary>
public sealed class CheckBackSchedulerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero));
    private readonly BrokerState _broker;

    public CheckBackSchedulerTests() =>
        _broker = new BrokerState(new DevBrokerOptions { TransactionCheckMax = 2 }, _time, NullLoggerFactory.Instance);

    private CheckBackScheduler Scheduler => _broker.CheckBacks;

    [Fact]
    public void A_half_message_is_checked_once_per_pass_after_the_timeout_then_moved_to_the_check_max_topic_after_the_max()
    {
        Scheduler.Start();
        var half = Hold("A", recovery: null);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), Scheduler.NextCheckAt(half)); // the first pass after the 6 s timeout

        _time.Advance(TimeSpan.FromSeconds(5));
        Scheduler.RunPass();
        Assert.Equal(0, half.ChecksSent);

        _time.Advance(TimeSpan.FromSeconds(1));
        Scheduler.RunPass();
        Assert.Equal(1, half.ChecksSent);
        Assert.True(_broker.Tokens.TryConsume("topic", "A")); // the check made a transaction-data record for its answer

        Scheduler.RunPass();
        Assert.Equal(2, half.ChecksSent);
        Assert.Single(_broker.Halves.Pending());

        Scheduler.RunPass();
        Assert.Empty(_broker.Halves.Pending());
        var parked = Assert.Single(_broker.Halves.Parked());
        Assert.Equal(("A", _time.GetUtcNow()), (parked.TransactionId, parked.ParkedAt));
        Assert.Equal(1, _broker.Halves.ParkedEver);

        Scheduler.RunPass();
        Assert.Equal(2, half.ChecksSent); // nothing checks it there
    }

    [Fact]
    public void A_resumed_half_message_is_checked_again_from_the_first_check_after_the_timeout()
    {
        var half = Hold("R", recovery: null);
        for (var pass = 0; pass < 3; pass++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            Scheduler.RunPass();
        }

        Assert.Single(_broker.Halves.Parked());
        Assert.Null(_broker.Halves.Resume("unknown", out _));

        Assert.Same(half, _broker.Halves.Resume("R", out _));
        Assert.Equal((0, (DateTimeOffset?)null), (half.ChecksSent, half.ParkedAt));
        Assert.Empty(_broker.Halves.Parked());
        Scheduler.RunPass();
        Assert.Equal(0, half.ChecksSent); // its clock restarted: the timeout has not passed yet

        _time.Advance(TimeSpan.FromSeconds(6));
        Scheduler.RunPass();
        Assert.Equal(1, half.ChecksSent);
    }

    [Fact]
    public void A_recovery_duration_longer_than_the_timeout_delays_the_first_check()
    {
        Scheduler.Start();
        var half = Hold("B", recovery: TimeSpan.FromSeconds(45));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(60), Scheduler.NextCheckAt(half)); // passes every 30 s: the one after 45 s

        _time.Advance(TimeSpan.FromSeconds(44));
        Scheduler.RunPass();
        Assert.Equal(0, half.ChecksSent);
        Assert.False(half.ImmunityOver(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(2));
        Scheduler.RunPass();
        Assert.Equal(1, half.ChecksSent);
        Assert.True(half.ImmunityOver(_time.GetUtcNow()));
    }

    public void Dispose()
    {
        Scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _broker.Dispose();
    }

    private HalfMessage Hold(string id, TimeSpan? recovery) =>
        _broker.Halves.Add(
            "topic", 0, new Apache.Rocketmq.V2.Message { Topic = new Resource { Name = "topic" }, SystemProperties = new SystemProperties { MessageId = id } },
            _time.GetUtcNow(), recovery, out _);
}
