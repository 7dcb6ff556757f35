namespace PointsDemo.TestSupport;

/// <summary>
/// What a test keeps for a reader after the run (logs, screenshots), under
/// TestResults/artifacts next to the test binaries.
/// </summary>
public static class Artifacts
{
    private static readonly Lazy<TextWriter> ServiceLog = new(() =>
        TextWriter.Synchronized(new StreamWriter(PathOf("services.log")) { AutoFlush = true }));

    /// <summary>The path of an artifact, its folder created.</summary>
    public static string PathOf(string name)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "TestResults", "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return file;
    }

    /// <summary>
    /// The one log file that every in-process service of this test run writes to, line by line as
    /// they come, so that a run that stops midway still leaves them.
    /// </summary>
    public static TextWriter ServicesLog => ServiceLog.Value;

    /// <summary>A log file that several threads (the AppHost's loggers, the test) write lines to.</summary>
    public static TextWriter Log(string name) => TextWriter.Synchronized(new StreamWriter(PathOf(name)));
}
