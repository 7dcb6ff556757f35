using System.Xml.Linq;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>The image recipe of both services: its paths, the projects it restores, a non-root runtime.</summary>
public sealed class ServiceDockerfileTests
{
    private readonly ServiceDockerfile _dockerfile = ServiceDockerfile.Load();

    public static TheoryData<string> Services => new("UserService", "PointsService");

    [Fact]
    public void Every_copied_path_exists_in_the_build_context()
    {
        var sources = _dockerfile.CopiedSources.ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(
            File.Exists(Repository.PathOf(source)) || Directory.Exists(Repository.PathOf(source)),
            $"COPY {source}: no such file or folder under the repository root"));
    }

    [Fact]
    public void Every_project_it_restores_is_in_the_solution()
    {
        var solution = File.ReadAllText(Repository.PathOf("PointsDemo.sln")).Replace('\\', '/');
        var projects = _dockerfile.CopiedSources.Where(source => source.EndsWith(".csproj", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(projects);
        Assert.All(projects, project => Assert.Contains($"\"{project}\"", solution, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void It_copies_every_project_the_service_depends_on(string service)
    {
        var copied = _dockerfile.CopiedSources.ToHashSet();

        foreach (var project in ProjectClosure($"{service}/{service}.csproj"))
        {
            Assert.Contains(project, copied);
            Assert.Contains($"{Path.GetDirectoryName(project)!.Replace('\\', '/')}/", copied);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Compose_builds_the_service_with_this_recipe(string service)
    {
        var build = (YamlDotNet.RepresentationModel.YamlMappingNode)ComposeFile.Load().Service(ServiceName(service))["build"];

        Assert.Equal(ServiceDockerfile.RelativePath, build["dockerfile"].ToString());
        Assert.Equal(".", build["context"].ToString());
        Assert.Equal(service, ((YamlDotNet.RepresentationModel.YamlMappingNode)build["args"])["SERVICE"].ToString());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void It_copies_the_shared_source_files_the_service_compiles(string service)
    {
        var copied = _dockerfile.CopiedSources.ToHashSet();
        var project = Repository.PathOf($"{service}/{service}.csproj");
        var linked = XDocument.Load(project).Descendants("Compile")
            .Select(compile => compile.Attribute("Include")?.Value)
            .OfType<string>()
            .Select(include => Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include))).Replace('\\', '/'))
            .Where(path => !path.StartsWith($"{service}/", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(linked);
        Assert.All(linked, file => Assert.Contains($"{Path.GetDirectoryName(file)!.Replace('\\', '/')}/", copied));
    }

    [Fact]
    public void The_runtime_image_is_small_runs_as_a_non_root_user_and_checks_its_health()
    {
        var runtime = _dockerfile.RuntimeStage.ToList();

        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine", runtime[0], StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains(runtime, line => line.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && line.Contains("/health", StringComparison.Ordinal));
        Assert.DoesNotContain(runtime, line => line.StartsWith("RUN dotnet", StringComparison.Ordinal));
    }

    private static string ServiceName(string project) => project switch
    {
        "UserService" => "user-service",
        "PointsService" => "points-service",
        _ => throw new ArgumentOutOfRangeException(nameof(project), project, null),
    };

    /// <summary>The project and every project it references, transitively, as paths from the repository root.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(Repository.PathOf(current))!;
            foreach (var reference in XDocument.Load(Repository.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
