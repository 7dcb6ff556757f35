using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PointsDemo.LocalPostgres;

namespace Aspire.Hosting;

/// <summary>Adds PostgreSQL from this machine's binaries to the application, shaped like <c>AddPostgres</c>.</summary>
public static class LocalPostgresBuilderExtensions
{
    /// <summary>The folder under which each run keeps its cluster (removed when the run ends).</summary>
    public static string DefaultBaseFolder => RunFolders.BaseFolder;

    /// <summary>
    /// Adds a PostgreSQL server run from the machine's binaries (<c>/usr/lib/postgresql/*/bin</c>, or the
    /// folder <c>POINTSDEMO_PG_BIN</c> names) on a free loopback port. Its cluster is created on first
    /// start, survives restarts from the dashboard, and is removed when the AppHost stops. Started as
    /// root, the server runs as the <c>postgres</c> user.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource's name.</param>
    /// <param name="password">The superuser's password (a secret parameter).</param>
    /// <param name="baseFolder">Where the cluster's folder goes; <see cref="DefaultBaseFolder"/> when null.</param>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource> password, string? baseFolder = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        var options = new PostgresClusterOptions
        {
            BaseFolder = baseFolder ?? DefaultBaseFolder,
            // The server can be stopped from the dashboard, or killed, while the services count on what
            // it acknowledged: a registration answered 201 must still be there after a restart.
            SynchronousCommit = true,
        };
        Directory.CreateDirectory(options.BaseFolder);
        var resource = new LocalPostgresResource(name, password.Resource, options);
        var port = FreePort.Pick();

        builder.Services.TryAddSingleton<LocalPostgresClusters>();

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresConnectionHealthCheck(resource), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            // Not proxied: every query of the services would otherwise pass through one more hop.
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", port: port, targetPort: port, isProxied: false)
            .WithArgs(context =>
            {
                var command = (resource.Cluster ?? throw new InvalidOperationException("The cluster is created before the server starts.")).ServerCommand(port);
                foreach (var argument in command.Arguments)
                {
                    context.Args.Add(argument);
                }
            })
            .WithEnvironment(context =>
            {
                foreach (var (variable, value) in resource.Cluster!.ServerCommand(port).Environment)
                {
                    context.EnvironmentVariables[variable] = value;
                }
            })
            .WithHealthCheck(healthCheckKey)
            .OnBeforeResourceStarted(AwaitClusterOnFirstStartAsync)
            .CreatingClusterAsTheAppHostStarts();
    }

    /// <summary>
    /// Adds a database. It runs once its server runs and is healthy, and its health check creates it
    /// on the first check that finds it missing (an existing one is kept, as on a restart), so it is
    /// healthy as soon as it can be used.
    /// </summary>
    /// <param name="builder">The server.</param>
    /// <param name="name">The resource's name, and the name of its connection string.</param>
    /// <param name="databaseName">The database's name on the server; <paramref name="name"/> when null.</param>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> builder, [ResourceName] string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        var healthCheckKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresConnectionHealthCheck(database, createMissing: true), failureStatus: null, tags: null));
        return builder.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", State = KnownResourceStates.NotStarted, Properties = [] })
            .WithStateOf(() => builder.Resource)
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Starts creating the cluster (initdb, a second or more) as the AppHost starts, while DCP and the
    /// dashboard start, rather than when the server is about to start, which is on the way of
    /// everything that waits for the databases.
    /// </summary>
    private static IResourceBuilder<LocalPostgresResource> CreatingClusterAsTheAppHostStarts(this IResourceBuilder<LocalPostgresResource> builder)
    {
        var resource = builder.Resource;
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            resource.Creating = CreateCluster(resource, started.Services);
            return Task.CompletedTask;
        });
        return builder;
    }

    private static Task<PostgresClusterFolder> CreateCluster(LocalPostgresResource resource, IServiceProvider services) =>
        services.GetRequiredService<LocalPostgresClusters>().CreateAsync(resource, services.GetRequiredService<ResourceLoggerService>().GetLogger(resource));

    private static async Task AwaitClusterOnFirstStartAsync(LocalPostgresResource resource, BeforeResourceStartedEvent started, CancellationToken cancellationToken)
    {
        if (resource.Cluster is not null)
        {
            return;
        }

        try
        {
            resource.Cluster = await (resource.Creating ??= CreateCluster(resource, started.Services)).WaitAsync(cancellationToken);
        }
        catch
        {
            // A start from the dashboard tries again.
            resource.Creating = null;
            throw;
        }
    }
}

/// <summary>
/// The clusters this AppHost created: disposed with the AppHost's services, after DCP has stopped
/// their servers, which removes their folders.
/// </summary>
internal sealed class LocalPostgresClusters(IHostApplicationLifetime lifetime) : IAsyncDisposable
{
    private readonly List<Task<PostgresClusterFolder>> _clusters = [];

    /// <summary>Creates the resource's cluster folder (initdb), abandoned if the AppHost stops first.</summary>
    public Task<PostgresClusterFolder> CreateAsync(LocalPostgresResource resource, ILogger logger)
    {
        var creating = CreateCoreAsync(resource, logger, lifetime.ApplicationStopping);
        lock (_clusters)
        {
            _clusters.Add(creating);
        }

        return creating;
    }

    private static async Task<PostgresClusterFolder> CreateCoreAsync(LocalPostgresResource resource, ILogger logger, CancellationToken cancellationToken)
    {
        // Off the caller's thread: the AppHost goes on starting DCP meanwhile.
        await Task.Yield();
        var password = await resource.Password.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The parameter '{resource.Password.Name}' has no value.");
        return await PostgresClusterFolder.CreateAsync(resource.Options, password, logger, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Task<PostgresClusterFolder>[] clusters;
        lock (_clusters)
        {
            clusters = [.. _clusters];
        }

        // A creation still under way is waited for, so that its folder goes too; a failed one left nothing.
        await Task.WhenAll(clusters.Select(DisposeCreatedAsync));
    }

    private static async Task DisposeCreatedAsync(Task<PostgresClusterFolder> creating)
    {
        await ((Task)creating).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (creating.IsCompletedSuccessfully)
        {
            await creating.Result.DisposeAsync();
        }
    }
}

/// <summary>
/// Healthy when a new connection opens and answers; for a database, <paramref name="createMissing"/>
/// creates it on the server when it does not exist yet. Unpooled: an idle pooled connection held by
/// the AppHost would be one more session for the server to close at every stop.
/// </summary>
internal sealed class PostgresConnectionHealthCheck(IResourceWithConnectionString resource, bool createMissing = false) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string yet.");
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        try
        {
            await SelectOneAsync(unpooled.ConnectionString, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (PostgresException error) when (createMissing && error.SqlState == PostgresErrorCodes.InvalidCatalogName && unpooled.Database is { } database)
        {
            await PostgresAdmin.CreateDatabaseAsync(new NpgsqlConnectionStringBuilder(unpooled.ConnectionString) { Database = "postgres" }.ConnectionString, database, cancellationToken);
            return HealthCheckResult.Healthy($"Created database {database}.");
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(error.Message, error);
        }
    }

    /// <summary>
    /// How long a check goes on trying a server that is starting. DCP says the server runs as soon as
    /// its process has started, a few hundred milliseconds before it accepts connections, and a failed
    /// check is tried again only a second later, then two, then three: a check that failed on a server
    /// about to answer would keep everything waiting for the databases that much longer.
    /// </summary>
    private static readonly TimeSpan StartingServerWait = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan StartingServerRetry = TimeSpan.FromMilliseconds(50);

    private static async Task SelectOneAsync(string connectionString, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException error) when (error.IsTransient && waited.Elapsed < StartingServerWait)
            {
                // Refused, or "the database system is starting up": the server is on its way.
                await Task.Delay(StartingServerRetry, cancellationToken);
            }
        }
    }
}
