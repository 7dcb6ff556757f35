using System.Diagnostics;

namespace PointsDemo.Bench.Results;

/// <summary>Collects latencies from many threads; a run holds tens of thousands, so a locked list is enough.</summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _milliseconds = new(capacity: 64 * 1024);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Record(long startTimestamp, long endTimestamp) =>
        Record(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds);

    public void Record(double milliseconds)
    {
        lock (_lock)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    /// <summary>The p99 of the last <paramref name="last"/> values, for the progress line.</summary>
    public double RecentP99(int last = 2000)
    {
        double[] recent;
        lock (_lock)
        {
            var count = Math.Min(last, _milliseconds.Count);
            if (count == 0)
            {
                return 0;
            }

            recent = _milliseconds.GetRange(_milliseconds.Count - count, count).ToArray();
        }

        Array.Sort(recent);
        return LatencySummary.Percentile(recent, 99);
    }

    public LatencySummary Summary()
    {
        lock (_lock)
        {
            return LatencySummary.Of(_milliseconds);
        }
    }
}
