namespace PointsDemo.RocketMq;

/// <summary>Settings of a <see cref="Producer"/>.</summary>
public sealed class ProducerOptions
{
    /// <summary>
    /// The topics this producer publishes to. They are declared to the broker in the client's
    /// settings, and transaction check-backs only reach producers that declared the topic, so a
    /// transactional producer lists its topics here. Their routes are fetched at start.
    /// </summary>
    public IList<string> Topics { get; } = [];

    /// <summary>How many times a send is tried in all (first try included). 3 by default.</summary>
    public int MaxAttempts { get; set; } = 3;
}
