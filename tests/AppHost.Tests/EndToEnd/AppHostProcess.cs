using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using PointsDemo.AppHost.Orchestration;

namespace PointsDemo.AppHost.Tests.EndToEnd;

/// <summary>
/// The AppHost run as people run it, a process of its own (<c>dotnet AppHost.dll --mode local</c>),
/// on free ports; its output is kept, and the URLs are read from the table it prints.
/// </summary>
internal sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Output => string.Join(Environment.NewLine, _output);

    public static AppHostProcess Start(string dataFolder)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])[typeof(AppHostSettings).Assembly.Location, "--mode", "local", "--dashboard-port", "0", "--otlp-port", "0", "--data", dataFolder])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var host = new AppHostProcess(new Process { StartInfo = startInfo });
        host._process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Completes when the AppHost says all resources are healthy; fails if it exits first.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(_healthy.Task, exited).WaitAsync(timeout, cancellationToken);
        Assert.True(first == _healthy.Task, $"The AppHost exited with {(_process.HasExited ? _process.ExitCode : -1)} before it was healthy:{Environment.NewLine}{Output}");
    }

    /// <summary>A URL from the summary table, e.g. the line "Dashboard │ http://localhost:40123/".</summary>
    public Uri UrlFromTable(string row)
    {
        var line = _output.First(l => l.TrimStart().StartsWith(row, StringComparison.Ordinal));
        return new Uri(new Uri(UrlPattern().Match(line).Value).GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Sends SIGTERM, as `kill` or a service manager would, and waits for the AppHost to exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // Only when a test failed half-way: nothing it started may outlive it.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.Contains("All resources healthy", StringComparison.Ordinal))
        {
            _healthy.TrySetResult(line);
        }
    }

    [GeneratedRegex(@"http://[^\s]+")]
    private static partial Regex UrlPattern();
}
