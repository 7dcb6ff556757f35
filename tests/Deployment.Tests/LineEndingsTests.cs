using Aspire.Hosting.ApplicationModel;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// Every file a container runs or reads keeps LF line endings on every checkout: a Windows checkout
/// with Git's default core.autocrlf=true would otherwise give the scripts CRLF, and bash stops at
/// <c>set -euo pipefail\r</c>. Checked with Git's own reading of .gitattributes.
/// </summary>
public sealed class LineEndingsTests : IAsyncLifetime
{
    // Read on the host, but handed on to the containers as they are: compose's env file is a copy
    // of .env.example, and compose reads its mounts and variables from docker-compose.yml.
    private static readonly string[] HostFilesContainersDependOn = ["docker-compose.yml", ".env.example"];

    private readonly ComposeFile _compose = ComposeFile.Load();
    private DockerModeModel? _model;

    public async ValueTask InitializeAsync() => _model = await DockerModeModel.BuildAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_file_a_container_runs_or_reads_is_checked_out_with_lf()
    {
        var files = (await ContainerFilesAsync()).Concat(HostFilesContainersDependOn).Distinct().Order(StringComparer.Ordinal).ToList();
        // Both the compose file's and the AppHost's mounts were found, the scripts among them.
        Assert.Contains("deploy/rocketmq/with-settings.sh", files);
        Assert.Contains("deploy/rocketmq/prepare-store.sh", files);
        Assert.Contains("deploy/postgres/create-databases.sql", files);

        var run = await ProgramRun.RunAsync("git", ["check-attr", "eol", "text", "--", .. files], Repository.Root);

        Assert.True(run.ExitCode == 0, run.ToString());
        var attributes = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": "))
            .ToLookup(parts => parts[0], parts => $"{parts[1]}: {parts[2]}");
        Assert.All(files, file => Assert.Equal(["eol: lf", "text: set"], attributes[file].Order(StringComparer.Ordinal)));
        Assert.All(files, file => Assert.DoesNotContain('\r', File.ReadAllText(Repository.PathOf(file))));
    }

    /// <summary>Repository-relative paths of every file bind-mounted by compose, mounted or copied by the AppHost's docker mode, and the images' build recipes.</summary>
    private async Task<IEnumerable<string>> ContainerFilesAsync()
    {
        var model = _model ?? throw new InvalidOperationException("Not initialized.");
        var fromCompose = _compose.ServiceNames
            .SelectMany(service => _compose.Sequence(service, "volumes"))
            .Where(volume => volume.StartsWith("./", StringComparison.Ordinal))
            .Select(volume => volume.Split(':')[0][2..]);
        var fromModel = new List<string>();
        foreach (var container in model.Containers)
        {
            var shape = await model.ShapeAsync(container, TestContext.Current.CancellationToken);
            fromModel.AddRange(shape.Mounts.Select(mount => Path.GetRelativePath(Repository.Root, Mount.Parse(mount).Source).Replace('\\', '/')));
        }

        var builds = _compose.ServiceNames
            .Select(service => _compose.Service(service).Children.TryGetValue("build", out var build) ? (string?)((YamlDotNet.RepresentationModel.YamlScalarNode)((YamlDotNet.RepresentationModel.YamlMappingNode)build)["dockerfile"]).Value : null)
            .OfType<string>();
        return fromCompose.Concat(fromModel).Concat(builds);
    }
}
