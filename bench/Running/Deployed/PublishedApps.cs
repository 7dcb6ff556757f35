using System.Diagnostics;

namespace PointsDemo.Bench.Running.Deployed;

/// <summary>
/// UserService, PointsService and the dev broker as a deployment ships them: <c>dotnet publish</c>
/// in Release, optionally compiled ahead of time to native code (ReadyToRun) so that a start and
/// the first requests do not wait for the JIT.
/// </summary>
/// <param name="UserService">UserService's published entry assembly.</param>
/// <param name="PointsService">PointsService's published entry assembly.</param>
/// <param name="Broker">The dev broker's published entry assembly.</param>
internal sealed record PublishedApps(string UserService, string PointsService, string Broker)
{
    // The runtime identifier ReadyToRun compiles for: this machine's, as a deployment's would be.
    private static string RuntimeIdentifier => System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

    /// <summary>Publishes the three programs (incrementally: an unchanged project publishes in seconds).</summary>
    public static async Task<PublishedApps> PublishAsync(bool readyToRun, TextWriter log, CancellationToken cancellationToken)
    {
        var repository = RepositoryRoot();
        var output = Path.Combine(AppContext.BaseDirectory, "deployed", readyToRun ? "ready-to-run" : "jit");
        var projects = new (string Project, string Assembly)[]
        {
            ("UserService/UserService.csproj", "UserService"),
            ("PointsService/PointsService.csproj", "PointsService"),
            ("RocketMq/DevBroker/RocketMq.DevBroker.csproj", "RocketMq.DevBroker"),
        };
        var published = new List<string>();
        foreach (var (project, assembly) in projects)
        {
            var folder = Path.Combine(output, assembly);
            string[] arguments =
            [
                "publish", Path.Combine(repository, project), "-c", "Release", "-o", folder, "--nologo", "-v", "quiet",
                .. readyToRun ? ["-r", RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true"] : Array.Empty<string>(),
            ];
            await RunAsync("dotnet", arguments, log, cancellationToken);
            published.Add(Path.Combine(folder, assembly + ".dll"));
        }

        return new PublishedApps(published[0], published[1], published[2]);
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
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

    private static string RepositoryRoot()
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
}
