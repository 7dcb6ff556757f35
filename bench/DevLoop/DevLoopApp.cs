using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PointsDemo.Processes;

namespace PointsDemo.Bench.DevLoop;

/// <summary>
/// <c>dotnet run --project AppHost</c> with the default arguments, started in the repository's root
/// as a user types it: its console output goes to the run's log and tells when the AppHost has
/// started and where the dashboard is; the stop is a user's Ctrl+C (SIGTERM without a terminal,
/// which <c>dotnet run</c> passes on to the AppHost).
/// </summary>
internal sealed class DevLoopApp : IAsyncDisposable
{
    private const int OutputKept = 40;
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly long _start;
    private readonly TextWriter _log;
    private readonly string _name;
    private readonly ConcurrentQueue<string> _lastLines = new();
    private readonly TaskCompletionSource<double> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _dashboard = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<(int Pid, string CommandLine)> _processes = [];

    private DevLoopApp(Process process, TextWriter log, string name)
    {
        _process = process;
        _log = log;
        _name = name;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        // The clock starts with the process, as a user's wait starts with pressing Enter.
        _start = Stopwatch.GetTimestamp();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Seconds since <c>dotnet run</c> started.</summary>
    public double Elapsed => Stopwatch.GetElapsedTime(_start).TotalSeconds;

    /// <summary>When the AppHost printed "Distributed application started", in seconds.</summary>
    public Task<double> Started => _started.Task;

    /// <summary>The dashboard's address, from the AppHost's login line.</summary>
    public Task<Uri> Dashboard => _dashboard.Task;

    public static DevLoopApp Start(string repository, TextWriter log, string name)
    {
        var startInfo = new ProcessStartInfo("dotnet", ["run", "--project", "AppHost"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repository,
        };
        return new DevLoopApp(new Process { StartInfo = startInfo, EnableRaisingEvents = true }, log, name);
    }

    /// <summary>Fails, with the end of the AppHost's output, when it has exited: a wait on it would wait for nothing.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException(
                $"dotnet run --project AppHost exited with code {_process.ExitCode} before the system was up; its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}");
        }
    }

    /// <summary>
    /// Ctrl+C's equivalent, then waits until every process of the run has ended: <c>dotnet run</c>,
    /// the AppHost, DCP and everything DCP ran. Returns the seconds that took and how many processes there were.
    /// </summary>
    /// <exception cref="TimeoutException">Something was still running after <paramref name="timeout"/>; it is then killed.</exception>
    public async Task<(double Seconds, int Processes)> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _processes = ProcessTree.AppHostRun(_process.Id);
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            while (Alive().Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{timeout.TotalSeconds:0} s after SIGTERM, processes of the AppHost still ran: {string.Join("; ", Alive().Select(p => $"{p.Pid} {p.CommandLine}"))}");
        }

        return (clock.Elapsed.TotalSeconds, _processes.Count);
    }

    public async ValueTask DisposeAsync()
    {
        // Only after a failure or a Ctrl+C of the bench: nothing this run started may outlive it.
        // A stop as a user's first, so that the AppHost removes what it made on this machine.
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(DisposeTimeout, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // What is left is killed below.
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        foreach (var (pid, _) in Alive())
        {
            try
            {
                using var left = Process.GetProcessById(pid);
                left.Kill(entireProcessTree: true);
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException)
            {
                // It ended meanwhile.
            }
        }

        _process.Dispose();
    }

    private List<(int Pid, string CommandLine)> Alive() => [.. _processes.Where(p => ProcessTree.IsAlive(p.Pid))];

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var at = Elapsed;
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_name} +{at,7:0.000}s] {line}"));
        _lastLines.Enqueue(line);
        while (_lastLines.Count > OutputKept)
        {
            _lastLines.TryDequeue(out _);
        }

        if (AppHostSignals.DashboardUrl(line) is { } dashboard)
        {
            _dashboard.TrySetResult(dashboard);
        }

        if (AppHostSignals.IsStarted(line))
        {
            _started.TrySetResult(at);
        }
    }
}
