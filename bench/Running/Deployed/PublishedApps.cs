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
        var repository = RepositoryCommands.Root();
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
            await RepositoryCommands.RunToEndAsync("dotnet", arguments, log, cancellationToken);
            published.Add(Path.Combine(folder, assembly + ".dll"));
        }

        return new PublishedApps(published[0], published[1], published[2]);
    }
}
