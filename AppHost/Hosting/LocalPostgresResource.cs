using PointsDemo.LocalPostgres;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// PostgreSQL run from this machine's binaries, for machines without a container runtime: a
/// throwaway cluster created on first start, served by DCP like any executable (state, console log,
/// stop and restart in the dashboard), with the connection string Aspire's own PostgreSQL resource has.
/// </summary>
public sealed class LocalPostgresResource(string name, ParameterResource password, PostgresClusterOptions options)
    : ExecutableResource(name, PostgresClusterFolder.ServerProgram, options.BaseFolder ?? Path.GetTempPath()), IResourceWithConnectionString
{
    /// <summary>The name of the server's TCP endpoint.</summary>
    public const string EndpointName = "tcp";

    /// <summary>The superuser's password, which initdb sets and the connection strings carry.</summary>
    public ParameterResource Password { get; } = password;

    /// <summary>Where the cluster lives and how its server runs.</summary>
    public PostgresClusterOptions Options { get; } = options;

    /// <summary>The server's endpoint on 127.0.0.1.</summary>
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    /// <summary><c>Host=127.0.0.1;Port=…;Username=postgres;Password=…</c>, the server's maintenance connection.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");

    /// <summary>The cluster's folder, created (with initdb) before the first start and kept across restarts.</summary>
    internal PostgresClusterFolder? Cluster { get; set; }

    /// <summary>The cluster's creation, started as the AppHost starts; <see cref="Cluster"/> once the server first starts.</summary>
    internal Task<PostgresClusterFolder>? Creating { get; set; }
}

/// <summary>A database on a <see cref="LocalPostgresResource"/>; its connection string names it.</summary>
/// <param name="name">The resource's name, also its connection string's name.</param>
/// <param name="databaseName">The database's name on the server.</param>
/// <param name="parent">The server.</param>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    /// <summary>The server.</summary>
    public LocalPostgresResource Parent { get; } = parent;

    /// <summary>The database's name on the server.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <summary>The server's connection string with <c>Database=</c> the database.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
