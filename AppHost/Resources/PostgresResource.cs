using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Orchestration;
using PointsDemo.LocalPostgres;

namespace PointsDemo.AppHost.Resources;

/// <summary>
/// Local mode's PostgreSQL: a throwaway cluster from the machine's binaries under a folder the
/// AppHost owns, with one database per service, created as Aspire does once the server is up.
/// </summary>
internal static class PostgresResource
{
    public const string Name = "postgres";
    public static readonly string[] Databases = ["usersdb", "pointsdb"];

    /// <summary>The folder the AppHost keeps its clusters under when none is given; stale clusters there are cleaned up by the next start.</summary>
    public static string DefaultDataFolder => Path.Combine(Path.GetTempPath(), "pointsdemo-apphost");

    public static async Task<(PostgresCluster Cluster, IReadOnlyDictionary<string, string> ConnectionStrings)> StartAsync(
        string? dataFolder, ILoggerFactory loggers, ResourceCatalog catalog, CancellationToken cancellationToken)
    {
        catalog.Update(Name, r => r with { State = ResourceState.Starting });
        var options = new PostgresClusterOptions { BaseFolder = dataFolder ?? DefaultDataFolder };
        var cluster = await PostgresCluster.StartAsync(options, loggers.CreateLogger("PointsDemo.LocalPostgres"), cancellationToken);
        try
        {
            var connectionStrings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var database in Databases)
            {
                connectionStrings[database] = await cluster.CreateDatabaseAsync(database, cancellationToken);
            }

            catalog.Update(Name, r => r with
            {
                State = ResourceState.Running,
                Health = "Healthy",
                ProcessId = cluster.ServerProcessId,
                StartedAt = DateTimeOffset.UtcNow,
                Urls = [$"127.0.0.1:{cluster.Port} ({string.Join(", ", Databases)})"],
                Detail = cluster.Folder,
            });
            return (cluster, connectionStrings);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static async Task StopAsync(PostgresCluster cluster, ResourceCatalog catalog)
    {
        catalog.Update(Name, r => r with { State = ResourceState.Stopping });
        await cluster.StopAsync(CancellationToken.None);
        catalog.Update(Name, r => r with { State = ResourceState.Stopped, Health = "" });
    }
}
