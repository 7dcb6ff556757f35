using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.RocketMq.DevBroker.Clients;
using PointsDemo.RocketMq.DevBroker.Transactions;

namespace PointsDemo.RocketMq.Tests.DevBroker;

/// <summary>The check rhythm on a fake clock: first check after the timeout (or recovery time), one per pass, discard after the max.</summary>
public sealed class CheckBackSchedulerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero));
    private readonly HalfMessageStore _halves = new();
    private readonly TransactionTokens _tokens;
    private readonly DevBrokerOptions _options = new() { TransactionCheckMax = 2 };

    public CheckBackSchedulerTests() => _tokens = new TransactionTokens(_time);

    [Fact]
    public async Task A_half_message_is_checked_once_per_pass_after_the_timeout_then_discarded_after_the_max()
    {
        await using var scheduler = Start();
        var half = Hold("A", recovery: null);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), scheduler.NextCheckAt(half)); // the first pass after the 6 s timeout

        _time.Advance(TimeSpan.FromSeconds(5));
        scheduler.RunPass();
        Assert.Equal(0, half.ChecksSent);

        _time.Advance(TimeSpan.FromSeconds(1));
        scheduler.RunPass();
        Assert.Equal(1, half.ChecksSent);
        Assert.True(_tokens.TryConsume("topic", "A")); // the check made a transaction-data record for its answer

        scheduler.RunPass();
        Assert.Equal(2, half.ChecksSent);
        Assert.Single(_halves.Pending());

        scheduler.RunPass();
        Assert.Empty(_halves.Pending());
    }

    [Fact]
    public async Task A_recovery_duration_longer_than_the_timeout_delays_the_first_check()
    {
        await using var scheduler = Start();
        var half = Hold("B", recovery: TimeSpan.FromSeconds(45));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(60), scheduler.NextCheckAt(half)); // passes every 30 s: the one after 45 s

        _time.Advance(TimeSpan.FromSeconds(44));
        scheduler.RunPass();
        Assert.Equal(0, half.ChecksSent);
        Assert.False(half.ImmunityOver(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(2));
        scheduler.RunPass();
        Assert.Equal(1, half.ChecksSent);
        Assert.True(half.ImmunityOver(_time.GetUtcNow()));
    }

    private CheckBackScheduler Start()
    {
        var scheduler = new CheckBackScheduler(_halves, _tokens, new ClientRegistry(), _options, _time, NullLogger.Instance);
        scheduler.Start();
        return scheduler;
    }

    private HalfMessage Hold(string id, TimeSpan? recovery) =>
        _halves.Add("topic", 0, new Apache.Rocketmq.V2.Message { Topic = new Resource { Name = "topic" }, SystemProperties = new SystemProperties { MessageId = id } }, _time.GetUtcNow(), recovery);
}
