using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;
using PointsDemo.RocketMq.Internal.Timing;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class BackoffPolicyTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(7, 640)]
    [InlineData(8, 1000)]
    [InlineData(60, 1000)]
    public void Exponential_delay_is_initial_times_multiplier_to_the_attempt_capped_at_max(int attempt, int expectedMilliseconds)
    {
        // The proxy's producer policy: 10 ms initial, 1 s max, multiplier 2.
        var policy = new BackoffPolicy(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), 2);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), policy.DelayAfter(attempt));
    }

    [Fact]
    public void Customized_steps_are_taken_in_order_and_the_last_one_repeats()
    {
        var policy = new BackoffPolicy(17, TimeSpan.Zero, TimeSpan.Zero, 1, [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)]);

        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)],
            Enumerable.Range(1, 4).Select(policy.DelayAfter));
    }

    [Fact]
    public void Before_the_brokers_settings_a_producer_retries_at_once()
    {
        var policy = BackoffPolicy.Immediate(3);

        Assert.Equal(TimeSpan.Zero, policy.DelayAfter(1));
        Assert.Equal(TimeSpan.Zero, policy.DelayAfter(2));
        var sent = policy.ToProto();
        Assert.Equal(3, sent.MaxAttempts);
        Assert.Equal(RetryPolicy.StrategyOneofCase.ExponentialBackoff, sent.StrategyCase);
        Assert.Equal(1f, sent.ExponentialBackoff.Multiplier);
    }

    [Fact]
    public void Adopts_the_brokers_exponential_timings_but_keeps_its_own_attempt_count()
    {
        var server = new RetryPolicy
        {
            MaxAttempts = 5,
            ExponentialBackoff = new ExponentialBackoff { Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)), Max = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Multiplier = 2 },
        };

        Assert.Equal(new BackoffPolicy(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), 2), BackoffPolicy.FromServer(server, 3));
    }

    [Fact]
    public void Refuses_a_customized_or_missing_policy_for_a_producer()
    {
        var customized = new RetryPolicy { MaxAttempts = 17, CustomizedBackoff = new CustomizedBackoff { Next = { Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) } } };

        Assert.Null(BackoffPolicy.FromServer(customized, 3));
        Assert.Null(BackoffPolicy.FromServer(null, 3));
    }
}
