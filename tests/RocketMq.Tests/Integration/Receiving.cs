namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Receive loops for tests: until a count arrives (with a deadline), or a poll that must come back empty.</summary>
internal static class Receiving
{
    public static readonly TimeSpan LongInvisibility = TimeSpan.FromSeconds(30);

    /// <summary>Receives (without acking) until <paramref name="count"/> messages came, failing after <paramref name="within"/>.</summary>
    public static async Task<List<MessageView>> ReceiveAsync(
        this SimpleConsumer consumer, int count, TimeSpan? invisibleDuration = null, TimeSpan? within = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        var received = new List<MessageView>();
        while (received.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Received {received.Count} of {count} messages: {string.Join(", ", received)}");
            }

            received.AddRange(await consumer.ReceiveAsync(Math.Min(SimpleConsumer.MaxBatchSize, count - received.Count), invisibleDuration ?? LongInvisibility, ct));
        }

        return received;
    }

    /// <summary>One receive that must find nothing (it long-polls for the consumer's await duration).</summary>
    public static async Task AssertNothingAsync(this SimpleConsumer consumer)
    {
        var messages = await consumer.ReceiveAsync(SimpleConsumer.MaxBatchSize, LongInvisibility, TestContext.Current.CancellationToken);
        Assert.Empty(messages);
    }
}
