using System.Diagnostics;

namespace PointsDemo.Bench.Running.Deployed;

/// <summary>
/// One program of the deployed system, run with <c>dotnet &lt;assembly&gt;</c> as a service manager
/// would run it: its environment is its configuration, its output goes to the run's log, and it
/// is stopped with SIGTERM (a graceful shutdown), then killed if it does not stop in time.
/// </summary>
internal sealed class RunningProgram : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;

    private RunningProgram(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="assembly"/> with <paramref name="arguments"/> and <paramref name="environment"/> added to this process's.</summary>
    public static RunningProgram Start(string name, string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        var startInfo = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var (variable, value) in environment)
        {
            startInfo.Environment[variable] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Forward(log, name, line.Data);
        process.ErrorDataReceived += (_, line) => Forward(log, name, line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunningProgram(name, process);
    }

    /// <summary>Runs a program to its end, as a deployment step (a migration); fails when it does.</summary>
    public static async Task RunToEndAsync(string name, string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TextWriter log, CancellationToken cancellationToken)
    {
        await using var program = Start(name, assembly, arguments, environment, log);
        await program._process.WaitForExitAsync(cancellationToken);
        if (program._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} exited with code {program._process.ExitCode}; its output is in the run's log.");
        }
    }

    /// <summary>Fails when the program has exited: a start that waits on it would otherwise wait for nothing.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; its output is in the run's log.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var patience = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private static void Forward(TextWriter log, string name, string? line)
    {
        if (line is not null)
        {
            log.WriteLine($"{name}: {line}");
        }
    }
}
