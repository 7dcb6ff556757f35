namespace PointsDemo.RocketMq;

/// <summary>Settings of a <see cref="SimpleConsumer"/>.</summary>
public sealed class SimpleConsumerOptions
{
    /// <summary>The consumer group; consumers of one group share the messages of their topics. Required.</summary>
    public string ConsumerGroup { get; set; } = "";

    /// <summary>
    /// Topic → tag expression: <c>*</c> for every message, or tags joined by <c>||</c>
    /// (<c>TagA||TagB</c>). An empty expression means <c>*</c>. At least one topic is required.
    /// </summary>
    public IDictionary<string, string> Subscriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// How long a receive waits on the broker for messages to arrive (long polling). 15 seconds by
    /// default; must be positive (the proxy clamps it to between 5 and 20 seconds).
    /// </summary>
    public TimeSpan AwaitDuration { get; set; } = TimeSpan.FromSeconds(15);
}
