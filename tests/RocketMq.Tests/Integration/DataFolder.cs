namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>A fresh temporary folder for a durable broker's journal, deleted with everything in it when the test ends.</summary>
internal sealed class DataFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("devbroker-").FullName;

    public string Journal => System.IO.Path.Combine(Path, "journal");

    /// <summary>The journal's segment files, oldest first.</summary>
    public string[] Segments => [.. Directory.GetFiles(Journal, "*.log").Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
