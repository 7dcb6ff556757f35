using System.ComponentModel;
using System.Diagnostics;

namespace PointsDemo.TestSupport;

/// <summary>
/// Whether a Docker engine answers. The docker CLI is often installed with no engine behind it, so
/// only a successful <c>docker info</c> counts, the same rule the AppHost uses.
/// </summary>
internal static class DockerEngine
{
    public static Task<bool> AnswersAsync(CancellationToken cancellationToken) =>
        AnswersAsync("docker", TimeSpan.FromSeconds(15), cancellationToken);

    // The program is a parameter so tests can stand in for the CLI without a Docker engine.
    internal static async Task<bool> AnswersAsync(string dockerProgram, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(dockerProgram, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {dockerProgram}.");
        }
        catch (Win32Exception)
        {
            return false; // no docker CLI at all
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var drained = Task.WhenAll(process.StandardOutput.ReadToEndAsync(deadline.Token), process.StandardError.ReadToEndAsync(deadline.Token));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                await drained;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // An engine that hangs does not answer. The kill is only a signal: wait until the
                // probe has really gone, so nothing of it outlives this call.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                return false;
            }

            return process.ExitCode == 0;
        }
    }
}
