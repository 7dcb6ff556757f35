using System.Diagnostics;

namespace PointsDemo.Bench.Running;

/// <summary>The repository the bench runs from, and the build commands it runs there before a measurement.</summary>
internal static class RepositoryCommands
{
    /// <summary>The repository's root folder, found above the bench's own build output.</summary>
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "UserService", "UserService.csproj")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No repository above {AppContext.BaseDirectory}: run the bench from its project (dotnet run --project bench).");
    }

    /// <summary>Runs <paramref name="program"/> to its end, its output into <paramref name="log"/>; fails with that output when it fails.</summary>
    public static async Task RunToEndAsync(string program, IReadOnlyList<string> arguments, TextWriter log, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output) + (await errors);
        await log.WriteLineAsync($"{program} {string.Join(' ', arguments)}\n{text}");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{text}");
        }
    }
}
