using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;

namespace PointsDemo.RocketMq.Internal.Timing;

/// <summary>
/// How long to wait before the next attempt: exponential (min(initial × multiplier^(n−1), max))
/// or a customized list whose last step repeats (protocol §5.9).
/// </summary>
internal sealed record BackoffPolicy(int MaxAttempts, TimeSpan Initial, TimeSpan Max, double Multiplier, IReadOnlyList<TimeSpan>? Steps = null)
{
    /// <summary>What a producer uses until the broker's settings arrive: retry at once.</summary>
    public static BackoffPolicy Immediate(int maxAttempts) => new(maxAttempts, TimeSpan.Zero, TimeSpan.Zero, 1);

    /// <summary>The delay after the given failed attempt (1 = the first attempt).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        attempt = Math.Max(attempt, 1);
        if (Steps is { Count: > 0 })
        {
            return Steps[Math.Min(attempt, Steps.Count) - 1];
        }

        var ticks = Initial.Ticks * Math.Pow(Multiplier, attempt - 1);
        return double.IsFinite(ticks) && ticks < Max.Ticks ? TimeSpan.FromTicks((long)ticks) : Max;
    }

    /// <summary>
    /// The broker's policy for a producer. Only exponential backoff is accepted from it (as in the
    /// official clients); the producer keeps its own attempt count.
    /// </summary>
    public static BackoffPolicy? FromServer(RetryPolicy? policy, int maxAttempts) =>
        policy?.ExponentialBackoff is { } exponential
            ? new BackoffPolicy(
                maxAttempts,
                exponential.Initial?.ToTimeSpan() ?? TimeSpan.Zero,
                exponential.Max?.ToTimeSpan() ?? TimeSpan.Zero,
                exponential.Multiplier)
            : null;

    public RetryPolicy ToProto()
    {
        var policy = new RetryPolicy { MaxAttempts = MaxAttempts };
        if (Steps is { Count: > 0 })
        {
            policy.CustomizedBackoff = new CustomizedBackoff();
            policy.CustomizedBackoff.Next.AddRange(Steps.Select(Duration.FromTimeSpan));
        }
        else
        {
            policy.ExponentialBackoff = new ExponentialBackoff
            {
                Initial = Duration.FromTimeSpan(Initial),
                Max = Duration.FromTimeSpan(Max),
                Multiplier = (float)Multiplier,
            };
        }

        return policy;
    }
}
