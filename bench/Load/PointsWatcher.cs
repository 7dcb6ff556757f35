using System.Diagnostics;
using Npgsql;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Load;

/// <summary>
/// Measures the time from a registration's POST to its points being visible, by asking the points
/// database itself, every poll interval, which of the users still waiting have a balance row. One
/// query per tick for all of them (an index lookup each), instead of a GET /points per user: polling
/// the API would load PointsService, the very process that grants the points, and add its HTTP and
/// EF Core time to every measurement. A figure carries at most one poll interval plus one query of
/// observation delay.
/// </summary>
internal sealed class PointsWatcher : IRegistrationSink, IAsyncDisposable
{
    private const string VisibleQuery = "SELECT user_id FROM point_balances WHERE user_id = ANY(@ids)";

    private readonly NpgsqlDataSource _database;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, long> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private LatencyRecorder? _recorder;

    public PointsWatcher(string pointsDatabase, TimeSpan interval)
    {
        _database = NpgsqlDataSource.Create(pointsDatabase);
        _interval = interval;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Where the next visible points are recorded; null records nothing (warm-up).</summary>
    public void RecordInto(LatencyRecorder? recorder)
    {
        lock (_lock)
        {
            _recorder = recorder;
        }
    }

    /// <summary>Watches for <paramref name="userId"/>'s points; the time counts from <paramref name="postStartTimestamp"/>.</summary>
    public void Accepted(Guid userId, long postStartTimestamp)
    {
        lock (_lock)
        {
            _pending[userId] = postStartTimestamp;
        }
    }

    /// <summary>Waits until nothing is pending or <paramref name="timeout"/> passes; returns how many are still missing (and forgets them).</summary>
    public async Task<int> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Pending > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(_interval, cancellationToken);
        }

        lock (_lock)
        {
            var missing = _pending.Count;
            _pending.Clear();
            return missing;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _database.DisposeAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Guid[] ids;
                lock (_lock)
                {
                    ids = _pending.Count == 0 ? [] : [.. _pending.Keys];
                }

                try
                {
                    if (ids.Length > 0)
                    {
                        await PollAsync(ids, stop);
                    }
                }
                catch (NpgsqlException)
                {
                    // A failed poll is retried on the next tick; points that never show up count as missing.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task PollAsync(Guid[] ids, CancellationToken stop)
    {
        await using var command = _database.CreateCommand(VisibleQuery);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(stop);
        var seenAt = Stopwatch.GetTimestamp();
        while (await reader.ReadAsync(stop))
        {
            var userId = reader.GetGuid(0);
            lock (_lock)
            {
                if (_pending.Remove(userId, out var postedAt))
                {
                    _recorder?.Record(postedAt, seenAt);
                }
            }
        }
    }
}
