using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void Percentiles_are_observed_values_by_nearest_rank()
    {
        // 1..100: the p-th percentile by nearest rank is the value p itself.
        var values = Enumerable.Range(1, 100).Select(v => (double)v).Reverse().ToArray();

        var summary = LatencySummary.Of(values);

        Assert.Equal(new LatencySummary(100, 50, 95, 99, 100, 50.5), summary);
    }

    [Fact]
    public void A_single_value_is_every_percentile()
    {
        var summary = LatencySummary.Of([7.5]);

        Assert.Equal(new LatencySummary(1, 7.5, 7.5, 7.5, 7.5, 7.5), summary);
    }

    [Fact]
    public void The_p99_of_a_small_sample_is_its_max()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(10, LatencySummary.Percentile(sorted, 99));
        Assert.Equal(5, LatencySummary.Percentile(sorted, 50));
        Assert.Equal(1, LatencySummary.Percentile(sorted, 0));
    }

    [Fact]
    public void No_values_give_the_empty_summary()
    {
        Assert.Same(LatencySummary.Empty, LatencySummary.Of([]));
    }

    [Fact]
    public void A_percentile_outside_0_to_100_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([1], 101));
    }

    [Fact]
    public void The_recorder_summarizes_what_it_recorded_from_many_threads()
    {
        var recorder = new LatencyRecorder();

        Parallel.For(1, 1001, i => recorder.Record(i));

        var summary = recorder.Summary();
        Assert.Equal(1000, summary.Count);
        Assert.Equal(990, summary.P99);
        Assert.Equal(1000, summary.Max);
    }
}
