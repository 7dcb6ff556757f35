using System.Diagnostics;

namespace PointsDemo.TestSupport;

/// <summary>Runs a program to its end and keeps what it printed.</summary>
public sealed record ProgramRun(int ExitCode, string Output, string Errors)
{
    /// <summary>Runs <paramref name="program"/> until it exits.</summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="workingDirectory">The folder it starts in.</param>
    /// <param name="environment">Variables set for it (null removes one); the rest are inherited.</param>
    /// <param name="timeout">
    /// How long it may run; then it is killed with its children (the processes it started would
    /// outlive it otherwise) and <see cref="TimeoutException"/> carries what it had printed.
    /// </param>
    public static async Task<ProgramRun> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {program}.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? Timeout.InfiniteTimeSpan);
        // The pipes close when the process and its children end, so the reads need no cancellation of their own.
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            var cut = new ProgramRun(process.ExitCode, await output, await errors);
            throw new TimeoutException($"{program} {string.Join(' ', startInfo.ArgumentList)} was stopped after {timeout}: {cut}");
        }

        return new ProgramRun(process.ExitCode, await output, await errors);
    }

    /// <inheritdoc />
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}
