using System.Diagnostics;
using System.Runtime.InteropServices;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Orchestration;

namespace PointsDemo.AppHost.Resources;

/// <summary>
/// A service run as <c>dotnet &lt;Service&gt;.dll</c>: the pid held is the service itself (no
/// <c>dotnet run</c> wrapper that might not pass signals on). Its output goes to the console under
/// its name. It is never restarted: an exit is reported and shown on the dashboard.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly string _name;
    private readonly ResourceConsole _console;
    private readonly ResourceCatalog _catalog;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    private ServiceProcess(Process process, string name, ResourceConsole console, ResourceCatalog catalog)
    {
        _process = process;
        _name = name;
        _console = console;
        _catalog = catalog;
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited => _exited.Task;

    public static ServiceProcess Start(string name, string assemblyPath, IReadOnlyDictionary<string, string> environment, ResourceConsole console, ResourceCatalog catalog)
    {
        // setsid gives the service a session of its own, so a Ctrl+C in the terminal reaches only
        // the AppHost, which then stops the services in reverse order instead of all at once.
        // (setsid execs in place when its caller leads no process group, so the pid stays the service's.)
        var useSetsid = File.Exists("/usr/bin/setsid");
        var startInfo = new ProcessStartInfo(useSetsid ? "/usr/bin/setsid" : DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        if (useSetsid)
        {
            startInfo.ArgumentList.Add(DotnetHost());
        }

        startInfo.ArgumentList.Add(assemblyPath);
        ServiceEnvironment.Apply(startInfo.Environment, environment);

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, name, console, catalog);
        process.OutputDataReceived += (_, e) => service.OnOutput(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => service.OnOutput(e.Data, isError: true);
        process.Exited += (_, _) => service.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Asks the service to stop (SIGTERM: a graceful ASP.NET Core shutdown), and kills it if it does not within the grace period.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        await CommandRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5), CancellationToken.None);
        if (await Task.WhenAny(_exited.Task, Task.Delay(StopGrace)) != _exited.Task)
        {
            _console.Warn($"{_name} did not stop within {StopGrace.TotalSeconds:0} s of SIGTERM; killing it.");
            _process.Kill(entireProcessTree: true);
            await _exited.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void OnOutput(string? line, bool isError)
    {
        if (line is not null)
        {
            _console.Write(_name, line, isError);
        }
    }

    private void OnExited()
    {
        // WaitForExit (no timeout) also waits for the output pipes to drain, so the last lines are not lost.
        _process.WaitForExit();
        var code = _process.ExitCode;
        _catalog.Update(_name, r => r with { State = _stopping ? ResourceState.Stopped : ResourceState.Exited, ExitCode = code, Health = "" });
        if (!_stopping)
        {
            _console.Warn($"{_name} exited with code {code}. It is not restarted; see its output above.");
        }

        _exited.TrySetResult(code);
    }

    // `dotnet run` starts the AppHost through its native launcher, so the running process is not
    // necessarily dotnet: the muxer sits three folders above the shared runtime in use.
    private static string DotnetHost()
    {
        var muxer = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}
