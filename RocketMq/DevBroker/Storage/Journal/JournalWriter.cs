using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.DevBroker.Diagnostics;

namespace PointsDemo.RocketMq.DevBroker.Storage.Journal;

/// <summary>
/// Appends records to the journal's segments with group commit, as RocketMQ's GroupCommitService
/// flushes its commit log: callers queue a record and get a task; one writer thread takes
/// everything queued so far, writes it, fsyncs once, then completes the whole batch. While one
/// fsync runs, the next batch fills, so concurrent requests share a flush. A segment that would
/// grow past the segment size is closed and a new one starts with a checkpoint. Closed segments
/// are deleted once nothing live needs their records, or once older than the retention time.
/// </summary>
internal sealed class JournalWriter : IDisposable
{
    private readonly object _gate = new();
    private readonly string _folder;
    private readonly long _segmentBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BrokerMetrics _metrics;
    private readonly List<JournalSegment> _closed = [];
    private JournalCheckpoint _checkpoint = new();
    private readonly Thread _thread;
    private List<Pending> _queued = [];
    private List<Pending> _spare = [];
    private TaskCompletionSource _batchDone = NewBatch();
    private long _nextSequence;
    private long _flushes;
    private long _flushedRecords;
    private Exception? _failure;
    private bool _stopping;
    private (long BelowSequence, long BeforeMs)? _cleanup;
    private JournalSegment _active = null!;
    private FileStream _stream = null!;

    /// <param name="folder">The journal's folder.</param>
    /// <param name="segmentBytes">The size past which a new segment starts.</param>
    /// <param name="time">The broker's clock.</param>
    /// <param name="logger">Where segment changes and failures are logged.</param>
    /// <param name="metrics">Counts flushes and records.</param>
    public JournalWriter(string folder, long segmentBytes, TimeProvider time, ILogger logger, BrokerMetrics metrics)
    {
        _folder = folder;
        _segmentBytes = segmentBytes;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _thread = new Thread(Run) { IsBackground = true, Name = "dev-broker-journal" };
    }

    /// <summary>
    /// Starts writing after recovery: a new segment, whose checkpoint is the recovered state, then
    /// the writer thread.
    /// </summary>
    /// <param name="closed">The segments recovery read, oldest first; they are only ever deleted now.</param>
    /// <param name="checkpoint">The positions and counters as of the end of those segments.</param>
    /// <param name="nextSequence">The sequence of the first record to write.</param>
    public void Start(IReadOnlyList<JournalSegment> closed, JournalCheckpoint checkpoint, long nextSequence)
    {
        _checkpoint = checkpoint;
        _closed.AddRange(closed);
        _nextSequence = nextSequence;
        (_active, _stream) = OpenSegment(nextSequence);
        _stream.Flush(flushToDisk: true);
        _thread.Start();
    }

    /// <summary>The sequence the next record gets: records written from now on are at or above it.</summary>
    public long NextSequence
    {
        get
        {
            lock (_gate)
            {
                return _nextSequence;
            }
        }
    }

    /// <summary>Segment files on disk, the one being written included.</summary>
    public int SegmentCount
    {
        get
        {
            lock (_gate)
            {
                return _closed.Count + 1;
            }
        }
    }

    /// <summary>
    /// fsyncs of the journal so far, and the records they made durable: their ratio is how many
    /// requests group commit lets share a flush.
    /// </summary>
    public (long Flushes, long Records) Flushed => (Interlocked.Read(ref _flushes), Interlocked.Read(ref _flushedRecords));

    /// <summary>
    /// Queues a record; call it under the lock that orders the change it records, so the journal
    /// holds changes in the order they were made.
    /// </summary>
    public JournalWrite Append(JournalRecord record)
    {
        var frame = RecordFraming.Frame(record);
        lock (_gate)
        {
            if (_failure is not null)
            {
                return new JournalWrite(0, Task.FromException(new IOException("The journal cannot be written: " + _failure.Message, _failure)));
            }

            var sequence = _nextSequence++;
            _queued.Add(new Pending(sequence, record, frame));
            if (_queued.Count == 1)
            {
                Monitor.Pulse(_gate);
            }

            return new JournalWrite(sequence, _batchDone.Task);
        }
    }

    /// <summary>
    /// Asks the writer to delete closed segments, oldest first, whose records all lie below
    /// <paramref name="belowSequence"/> (nothing live needs them) or that were last written before
    /// <paramref name="before"/> (the retention time).
    /// </summary>
    public void RequestCleanup(long belowSequence, DateTimeOffset before)
    {
        lock (_gate)
        {
            _cleanup = (belowSequence, before.ToUnixTimeMilliseconds());
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Writes what is queued, then stops the writer and closes the segment.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _stream?.Dispose();
    }

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Run()
    {
        while (true)
        {
            List<Pending> batch;
            TaskCompletionSource done;
            (long BelowSequence, long BeforeMs)? cleanup;
            lock (_gate)
            {
                while (_queued.Count == 0 && _cleanup is null && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queued.Count == 0 && _cleanup is null)
                {
                    return;
                }

                (batch, _queued, _spare) = (_queued, _spare, _queued);
                (done, _batchDone) = (_batchDone, NewBatch());
                (cleanup, _cleanup) = (_cleanup, null);
            }

            if (batch.Count > 0)
            {
                WriteBatch(batch, done);
                batch.Clear();
            }

            if (cleanup is { } request)
            {
                DeleteSegments(request.BelowSequence, request.BeforeMs);
            }
        }
    }

    private void WriteBatch(List<Pending> batch, TaskCompletionSource done)
    {
        try
        {
            foreach (var pending in batch)
            {
                if (_stream.Position + pending.Frame.Length > _segmentBytes && _active.LastSequence >= _active.FirstSequence)
                {
                    Roll(pending.Sequence);
                }

                _stream.Write(pending.Frame);
                _checkpoint.Observe(pending.Record);
                _active.LastSequence = pending.Sequence;
                _active.LastAtMs = pending.Record.AtMs;
            }

            _stream.Flush(flushToDisk: true);
            Interlocked.Add(ref _flushedRecords, batch.Count);
            Interlocked.Increment(ref _flushes);
            _metrics.JournalFlushed(batch.Count);
            done.TrySetResult();
        }
#pragma warning disable CA1031 // A failed write fails the requests that wait for it, and every later one; it must not kill the writer thread unseen.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            lock (_gate)
            {
                _failure = exception;
            }

            BrokerLog.JournalFailed(_logger, exception);
            done.TrySetException(new IOException("The journal could not be written: " + exception.Message, exception));
        }
    }

    private void Roll(long firstSequence)
    {
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        lock (_gate)
        {
            _closed.Add(_active);
        }

        (_active, _stream) = OpenSegment(firstSequence);
        BrokerLog.SegmentStarted(_logger, _active.Path);
    }

    /// <summary>A new segment whose first record is the checkpoint of everything written before it.</summary>
    private (JournalSegment, FileStream) OpenSegment(long firstSequence)
    {
        var segment = new JournalSegment(Path.Combine(_folder, JournalSegment.FileName(firstSequence)), firstSequence)
        {
            LastAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var stream = new FileStream(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        stream.Write(RecordFraming.Frame(Records.Checkpoint(_checkpoint.ToRecord(), _time.GetUtcNow())));
        // The new file's name must survive a crash as well as its content.
        DirectorySync.Flush(_folder);
        return (segment, stream);
    }

    private void DeleteSegments(long belowSequence, long beforeMs)
    {
        while (true)
        {
            JournalSegment oldest;
            lock (_gate)
            {
                if (_closed.Count == 0 || !(_closed[0].LastSequence < belowSequence || _closed[0].LastAtMs < beforeMs))
                {
                    return;
                }

                oldest = _closed[0];
                _closed.RemoveAt(0);
            }

            try
            {
                File.Delete(oldest.Path);
                BrokerLog.SegmentDeleted(_logger, oldest.Path, oldest.LastSequence < belowSequence ? "everything in it is done" : "older than the retention time");
            }
            catch (IOException exception)
            {
                BrokerLog.SegmentNotDeleted(_logger, oldest.Path, exception);
            }
        }
    }

    private sealed record Pending(long Sequence, JournalRecord Record, byte[] Frame);
}

/// <summary>A queued journal record: its sequence, and a task that completes once it is on disk.</summary>
internal readonly record struct JournalWrite(long Sequence, Task Durable)
{
    /// <summary>What a change gets without a journal: sequence 0, durable at once.</summary>
    public static JournalWrite None => new(0, Task.CompletedTask);
}
