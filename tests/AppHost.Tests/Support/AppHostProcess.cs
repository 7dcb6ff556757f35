using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using PointsDemo.Processes;
using PointsDemo.TestSupport;

namespace PointsDemo.AppHost.Tests.Support;

/// <summary>
/// `dotnet run --project AppHost --no-build -- --mode local`, the README's command, run from the
/// repository root: its output is kept and the dashboard's login URL read from it.
/// </summary>
internal sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _loginUrl = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process) => _process = process;

    public string Output => string.Join(Environment.NewLine, _output);

    public static AppHostProcess Start()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in (string[])["run", "--project", "AppHost", "--no-build", "--", "--mode", "local"])
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

    /// <summary>The URL the AppHost prints for logging in to the dashboard, with its browser token.</summary>
    public async Task<Uri> LoginUrlAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(_loginUrl.Task, exited).WaitAsync(timeout, cancellationToken);
        Assert.True(first == _loginUrl.Task, $"The AppHost exited before it printed the dashboard's login URL:{Environment.NewLine}{Output}");
        return await _loginUrl.Task;
    }

    /// <summary>
    /// The processes DCP runs for this AppHost (DCP itself, the dashboard, PostgreSQL, the broker, the
    /// services) and the AppHost with its <c>dotnet run</c>: DCP watches the AppHost's process id.
    /// </summary>
    public IReadOnlyList<(int Pid, string CommandLine)> Processes() => ProcessTree.AppHostRun(_process.Id);

    /// <summary>Ctrl+C's equivalent for a process without a terminal: SIGTERM, which `dotnet run` passes on to the AppHost.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        return clock.Elapsed;
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
        if (LoginUrl().Match(line) is { Success: true } match)
        {
            _loginUrl.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (?<url>http://\S+)")]
    private static partial Regex LoginUrl();
}
