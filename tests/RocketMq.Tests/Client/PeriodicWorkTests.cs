using Microsoft.Extensions.Time.Testing;
using PointsDemo.RocketMq.Internal.Timing;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class PeriodicWorkTests
{
    [Fact]
    public async Task Runs_first_after_the_first_delay_then_after_each_returned_delay()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerSignallingTimeProvider();
        var runs = new List<TimeSpan>();
        var ran = new SemaphoreSlim(0);
        var start = time.GetUtcNow();
        using var stop = new CancellationTokenSource();

        var loop = PeriodicWork.RunAsync(
            TimeSpan.FromSeconds(1),
            _ =>
            {
                runs.Add(time.GetUtcNow() - start);
                ran.Release();
                return Task.FromResult(TimeSpan.FromSeconds(10));
            },
            time,
            stop.Token);

        await time.TimerCreated.WaitAsync(ct);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(runs);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await ran.WaitAsync(ct);
        await time.TimerCreated.WaitAsync(ct);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Single(runs);
        time.Advance(TimeSpan.FromSeconds(1));
        await ran.WaitAsync(ct);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11)], runs);
        await stop.CancelAsync();
        await loop; // ends quietly when stopped
    }

    [Fact]
    public void Client_intervals_default_to_the_official_csharp_clients()
    {
        var intervals = ClientIntervals.Default;

        Assert.Equal(TimeSpan.FromSeconds(1), intervals.FirstHeartbeat);
        Assert.Equal(TimeSpan.FromSeconds(10), intervals.Heartbeat);
        Assert.Equal(TimeSpan.FromSeconds(10), intervals.FirstRouteRefresh);
        Assert.Equal(TimeSpan.FromSeconds(30), intervals.RouteRefresh);
        Assert.Equal(TimeSpan.FromMinutes(5), intervals.SettingsSync);
        Assert.Equal(TimeSpan.FromSeconds(3), intervals.SettingsWait);
        Assert.Equal(TimeSpan.FromSeconds(1), intervals.Reconnect.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(4), intervals.Reconnect.DelayAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(30), intervals.Reconnect.DelayAfter(10));
    }

    /// <summary>A fake clock that says when a timer (a pending delay) has been set, so a test advances time only once the loop waits.</summary>
    private sealed class TimerSignallingTimeProvider : FakeTimeProvider
    {
        public SemaphoreSlim TimerCreated { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.Release();
            return timer;
        }
    }
}
