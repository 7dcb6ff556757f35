using System.ComponentModel;
using System.Diagnostics;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>The outcome of a short command: exit code and what it printed. Exit code -1: the program does not exist.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs short commands (docker, kill) to completion; one that outlives its timeout is killed and waited for.</summary>
internal static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (Win32Exception error)
        {
            return new CommandResult(-1, "", error.Message);
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Nothing started here may outlive the call: kill, then wait until it is really gone.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                return new CommandResult(-2, await output, $"{program} did not finish within {timeout.TotalSeconds:0} s.");
            }

            return new CommandResult(process.ExitCode, await output, await errors);
        }
    }

    /// <summary>Whether a Docker engine answers: the CLI alone is not enough, <c>docker info</c> must succeed.</summary>
    public static async Task<bool> DockerAnswersAsync(CancellationToken cancellationToken) =>
        (await RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(15), cancellationToken)).Succeeded;
}
