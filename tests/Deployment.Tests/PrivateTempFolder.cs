using PointsDemo.Deployment.Tests;

[assembly: AssemblyFixture(typeof(PrivateTempFolder))]

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// Gives this test process a temporary folder of its own, removed when the tests end. Building an
/// Aspire application without running it creates DCP's session folder (<c>/tmp/aspire-dcp*</c>),
/// which only a DCP run removes: the docker-mode models built here would otherwise leave one each
/// behind, and another test process looking for the folders of its own DCP run would see them.
/// </summary>
public sealed class PrivateTempFolder : IDisposable
{
    private const string Variable = "TMPDIR";

    private readonly string? _previous = Environment.GetEnvironmentVariable(Variable);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pointsdemo-deployment-tests-");

    public PrivateTempFolder() => Environment.SetEnvironmentVariable(Variable, _folder.FullName);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Variable, _previous);
        _folder.Delete(recursive: true);
    }
}
