namespace PointsDemo.TestSupport;

/// <summary>Awaits a condition that becomes true asynchronously (a check-back, a redelivery), polling it.</summary>
public static class Eventually
{
    public static async Task<T> MeetsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(30));
        var last = default(T);
        try
        {
            while (true)
            {
                last = await read();
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Still not true after {within ?? TimeSpan.FromSeconds(30)}: {what}. Last seen: {Describe(last)}");
        }
    }

    public static Task<T> MeetsAsync<T>(Func<T> read, Func<T, bool> condition, string what, TimeSpan? within = null) =>
        MeetsAsync(() => Task.FromResult(read()), condition, what, within);

    // A list's own ToString names its type; what is in it is what explains the timeout.
    private static string? Describe(object? value) => value is System.Collections.IEnumerable items and not string
        ? $"[{string.Join(", ", items.Cast<object?>())}]"
        : value?.ToString();
}
