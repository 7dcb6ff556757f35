using PointsDemo.Bench.Chaos;
using PointsDemo.Bench.DevLoop;
using PointsDemo.Bench.Results;
using PointsDemo.Bench.Running;
using PointsDemo.Bench.Soak;

namespace PointsDemo.Bench;

/// <summary>dotnet run -c Release --project bench -- [options]: see <see cref="BenchArguments.Usage"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(BenchArguments.Usage);
            return 0;
        }

        BenchOptions options;
        try
        {
            options = BenchArguments.Parse(args);
        }
        catch (FormatException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            await Console.Error.WriteLineAsync(BenchArguments.Usage);
            return 2;
        }

        // Ctrl+C stops the run and still stops everything it started.
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var progress = ProgressLine.ForConsole();
        if (options.Soak is { } soak)
        {
            Directory.CreateDirectory(options.ResultsFolder);
            await using var log = TextWriter.Synchronized(new StreamWriter(options.LogFile ?? Path.Combine(options.ResultsFolder, "soak.log")));
            var soakReport = await new SoakRun(soak, options.Rate!.Value, options.Clients, progress).RunAsync(log, stop.Token);
            progress.Say(soakReport.Render());
            return 0;
        }

        if (options.Chaos is { } chaos)
        {
            var report = await ChaosRuns.RunAsync(chaos, options, progress, stop.Token);
            return report.Invariant.Holds ? 0 : 1;
        }

        try
        {
            if (options.DevLoopStartRuns is { } runs)
            {
                var (devLoop, devLoopPath) = await new DevLoopStartRun(runs, options.ResultsFolder, progress).RunAsync(stop.Token);
                progress.Say("");
                progress.Say(devLoop.Render());
                progress.Say($"Results: {devLoopPath}");
                return 0;
            }

            var report = await new BenchRun(options, progress).RunAsync(stop.Token);
            var path = await ReportFile.WriteAsync(report, options.ResultsFolder, CancellationToken.None);
            progress.Say("");
            progress.Say(ReportTable.Render(report));
            progress.Say($"Results: {path}");
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Stopped before the end: no results written.");
            return 130;
        }
    }
}
