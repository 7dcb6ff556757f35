using System.Diagnostics;

namespace PointsDemo.Bench.Running;

/// <summary>
/// One line that says what the run is doing, rewritten every second on a terminal; when the output
/// is redirected (CI, a file), a plain line every five seconds instead.
/// </summary>
internal sealed class ProgressLine(TextWriter output, bool rewrite)
{
    public static ProgressLine ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <summary>Shows <paramref name="status"/> for <paramref name="phase"/> until the returned handle is disposed.</summary>
    public IAsyncDisposable Show(string phase, Func<string> status)
    {
        var stop = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();
        var interval = TimeSpan.FromSeconds(rewrite ? 1 : 5);
        var loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    Write($"[{phase}] {Stopwatch.GetElapsedTime(started).TotalSeconds,5:0}s  {status()}");
                }
            }
            catch (OperationCanceledException)
            {
                // The phase ended.
            }
        });
        return new Handle(async () =>
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
            Write($"[{phase}] done in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0}s  {status()}");
            if (rewrite)
            {
                output.WriteLine();
            }
        });
    }

    public void Say(string text) => output.WriteLine(text);

    private void Write(string line)
    {
        if (rewrite)
        {
            output.Write("\r" + line.PadRight(Math.Min(Console.BufferWidth, 160) - 1));
        }
        else
        {
            output.WriteLine(line);
        }
    }

    private sealed class Handle(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
