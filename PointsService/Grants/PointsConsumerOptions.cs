using System.ComponentModel.DataAnnotations;

namespace PointsDemo.PointsService.Grants;

/// <summary>How the consumer receives and retries; the <c>PointsConsumer</c> section.</summary>
internal sealed class PointsConsumerOptions
{
    public const string SectionName = "PointsConsumer";

    /// <summary>The consumer group, shared by every PointsService instance.</summary>
    public const string ConsumerGroup = "points-service";

    /// <summary>Messages per receive (<c>PointsConsumer:BatchSize</c>).</summary>
    [Range(1, 32, ErrorMessage = "PointsConsumer:BatchSize must be between 1 and 32.")]
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Messages granted one by one at once (<c>PointsConsumer:MaxConcurrency</c>), when a batch's
    /// statement failed and each message is granted alone; each holds a database connection.
    /// </summary>
    [Range(1, 64, ErrorMessage = "PointsConsumer:MaxConcurrency must be between 1 and 64.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// How long a received message stays hidden before it comes back unacked (<c>PointsConsumer:InvisibleDuration</c>).
    /// The RocketMQ proxy accepts 10 s to 12 h; the dev broker can be told to accept less, for tests.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "12:00:00", ErrorMessage = "PointsConsumer:InvisibleDuration must be between 00:00:00.100 and 12:00:00 (a RocketMQ proxy wants at least 00:00:10).")]
    public TimeSpan InvisibleDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a receive waits on the broker for messages (<c>PointsConsumer:AwaitDuration</c>); the RocketMQ proxy clamps it to 5–20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "PointsConsumer:AwaitDuration must be between 00:00:00.100 and 00:00:30.")]
    public TimeSpan AwaitDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The wait before the second delivery of a failed message; it doubles with each attempt (<c>PointsConsumer:RetryBaseDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "PointsConsumer:RetryBaseDelay must be between 00:00:00 and 01:00:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between deliveries of a failed message (<c>PointsConsumer:RetryMaxDelay</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "12:00:00", ErrorMessage = "PointsConsumer:RetryMaxDelay must be between 00:00:00 and 12:00:00.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a message that failed on its <paramref name="deliveryAttempt"/>-th delivery stays hidden: exponential, capped.</summary>
    public TimeSpan RetryDelay(int deliveryAttempt)
    {
        var doublings = Math.Clamp(deliveryAttempt - 1, 0, 30);
        var delay = RetryBaseDelay * Math.Pow(2, doublings);
        return delay > RetryMaxDelay ? RetryMaxDelay : delay;
    }
}
