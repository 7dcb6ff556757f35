using Microsoft.Extensions.Logging;

namespace PointsDemo.RocketMq.DevBroker.Storage.Journal;

/// <summary>
/// Rebuilds the broker's state from its journal at start: every segment in order, each record
/// applied. The first segment's checkpoint gives the positions and counters of what was deleted
/// before it. A torn last record (the broker died mid-write) is cut off the last segment; a damaged
/// record anywhere else is refused, as it cannot come from a crash.
/// </summary>
internal static class JournalRecovery
{
    /// <summary>What recovery hands to the writer: the segments left, the checkpoint state after them, the next sequence.</summary>
    public sealed record Result(IReadOnlyList<JournalSegment> Segments, JournalCheckpoint Checkpoint, long NextSequence, long Records);

    /// <exception cref="InvalidDataException">A segment other than the last is damaged.</exception>
    public static Result Recover(string folder, JournalReplay replay, ILogger logger)
    {
        var segments = JournalSegment.List(folder).ToList();
        var checkpoint = new JournalCheckpoint();
        long nextSequence = segments.Count > 0 ? segments[0].FirstSequence : 0;
        long records = 0;
        var seeded = false;
        foreach (var segment in segments.ToArray())
        {
            var bytes = File.ReadAllBytes(segment.Path);
            var position = 0;
            var sequence = segment.FirstSequence;
            while (position < bytes.Length)
            {
                if (!RecordFraming.TryRead(bytes.AsSpan(position), out var record, out var length))
                {
                    if (segment != segments[^1])
                    {
                        throw new InvalidDataException(
                            $"Journal segment {segment.Path} is damaged at byte {position}, and it is not the last one: a crash cannot explain it. Move the data folder away to start empty.");
                    }

                    Truncate(segment.Path, position);
                    BrokerLog.TornTail(logger, segment.Path, position);
                    break;
                }

                if (record!.KindCase == JournalRecord.KindOneofCase.Checkpoint)
                {
                    // Only the first segment's checkpoint is needed; later ones repeat what the records say.
                    if (!seeded)
                    {
                        checkpoint.Load(record.Checkpoint);
                        replay.ApplyCheckpoint(record.Checkpoint);
                    }
                }
                else
                {
                    checkpoint.Observe(record);
                    replay.Apply(record, sequence);
                    segment.LastSequence = sequence++;
                    records++;
                }

                seeded = true;
                segment.LastAtMs = Math.Max(segment.LastAtMs, record.AtMs);
                position += length;
            }

            nextSequence = Math.Max(nextSequence, sequence);
            if (segment.LastSequence < segment.FirstSequence)
            {
                // Nothing but a checkpoint (or not even that): the next segment's checkpoint says more.
                File.Delete(segment.Path);
                segments.Remove(segment);
            }
        }

        return new Result(segments, checkpoint, nextSequence, records);
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
        file.Flush(flushToDisk: true);
    }
}
