using System.Globalization;

namespace PointsDemo.RocketMq.DevBroker.Storage.Journal;

/// <summary>
/// One segment file, <c>&lt;first sequence, 20 digits&gt;.log</c>: a checkpoint, then records whose
/// sequence numbers follow on from the first. <see cref="LastSequence"/> and
/// <see cref="LastAtMs"/> grow as records are written to it.
/// </summary>
internal sealed class JournalSegment(string path, long firstSequence)
{
    public const string Extension = ".log";

    public string Path { get; } = path;

    public long FirstSequence { get; } = firstSequence;

    /// <summary>The sequence of its last record; below <see cref="FirstSequence"/> while it has none.</summary>
    public long LastSequence { get; set; } = firstSequence - 1;

    /// <summary>When its newest record was written (Unix ms); how retention judges its age.</summary>
    public long LastAtMs { get; set; }

    public static string FileName(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    /// <summary>The segments in a folder, oldest first; files of other names are left alone.</summary>
    public static IReadOnlyList<JournalSegment> List(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(path => (path, name: System.IO.Path.GetFileNameWithoutExtension(path)))
            .Where(f => f.name.Length == 20 && long.TryParse(f.name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(f => new JournalSegment(f.path, long.Parse(f.name, CultureInfo.InvariantCulture)))
            .OrderBy(s => s.FirstSequence),
    ];
}
