namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Polls a condition until it holds, with an overall deadline: for state that has no signal to await.</summary>
internal static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<T> read, Func<T, bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last seen: {value}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);
        }
    }
}
