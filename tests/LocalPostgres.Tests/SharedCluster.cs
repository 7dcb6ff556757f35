using System.Runtime.Versioning;
using PointsDemo.LocalPostgres.Tests;
using PointsDemo.TestSupport;

[assembly: AssemblyFixture(typeof(SharedCluster))]
[assembly: AssemblyFixture(typeof(PostgresFixture))]

// The tests look at processes through /proc and at Unix permissions: they are Linux tests.
[assembly: SupportedOSPlatform("linux")]

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>One cluster for every test that does not start or stop a cluster itself.</summary>
public sealed class SharedCluster : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public RecordingLogger Log { get; } = new();

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() =>
        _cluster = await PostgresCluster.StartAsync(logger: Log, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
