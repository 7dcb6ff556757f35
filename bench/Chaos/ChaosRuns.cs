using PointsDemo.Bench.Running;

namespace PointsDemo.Bench.Chaos;

/// <summary>The bench's kill -9 run: its log beside the results, its report on the console.</summary>
internal static class ChaosRuns
{
    public static async Task<ChaosReport> RunAsync(ChaosOptions chaos, BenchOptions options, ProgressLine progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.ResultsFolder);
        var logPath = options.LogFile ?? Path.Combine(options.ResultsFolder, $"chaos-{chaos.Seed}.log");
        await using var log = TextWriter.Synchronized(new StreamWriter(logPath, append: false, System.Text.Encoding.UTF8, bufferSize: 1 << 16));
        progress.Say($"Starting the AppHost's local mode with two instances of each service (logs: {logPath})...");
        var report = await new ChaosRun(chaos, progress.Say).RunAsync(log, cancellationToken);
        progress.Say("");
        progress.Say(report.Render());
        return report;
    }
}
