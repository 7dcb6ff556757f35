using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using PointsDemo.LocalPostgres;
using Testcontainers.PostgreSql;
using Xunit.Sdk;
using Xunit.v3;

namespace PointsDemo.TestSupport;

/// <summary>
/// One PostgreSQL server for a test assembly, and a fresh database per caller. Register it with
/// <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c> and take it in a test class's
/// constructor; call <see cref="CreateDatabaseAsync"/> for a database no other test sees.
/// </summary>
/// <remarks>
/// The server is, in this order: the one named by <c>POINTSDEMO_TEST_POSTGRES</c> (a connection string
/// that may create databases); a <c>postgres:17.6</c> container when a Docker engine answers; a
/// throwaway cluster from the machine's PostgreSQL binaries. With none of them, the fixture fails
/// with a message saying what to install or set. The choice, and the local server's log, are
/// reported as xunit diagnostic messages: run the test executable with <c>-diagnostics</c> to see them
/// (<c>tests/X/bin/Debug/net10.0/X -diagnostics</c>).
/// </remarks>
public sealed class PostgresFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>The environment variable holding the connection string of a server the tests may use.</summary>
    public const string ConnectionStringVariable = "POINTSDEMO_TEST_POSTGRES";

    /// <summary>The image used when a Docker engine answers; Aspire's default PostgreSQL image.</summary>
    public const string ContainerImage = "postgres:17.6";

    private readonly ConcurrentBag<string> _createdDatabases = [];
    private IAsyncDisposable? _server;
    private string? _serverConnectionString;

    /// <summary>Where the server came from.</summary>
    public PostgresSource Source { get; private set; }

    /// <summary>The connection string of the server's maintenance database, with rights to create databases.</summary>
    public string ServerConnectionString =>
        _serverConnectionString ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var variable = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        PostgresNotFoundException? noBinaries = null;
        try
        {
            PostgresBinaries.Find();
        }
        catch (PostgresNotFoundException error)
        {
            noBinaries = error;
        }

        // The probe runs a process; skip it when the variable decides anyway.
        var dockerAnswers = string.IsNullOrWhiteSpace(variable) && await DockerEngine.AnswersAsync(cancellationToken);
        Source = PostgresSourceSelector.Choose(variable, dockerAnswers, noBinaries is null)
            ?? throw new PostgresNotFoundException(
                $"No PostgreSQL server for the tests: {ConnectionStringVariable} is not set and no Docker engine answers (docker info fails). {noBinaries!.Message}");

        _serverConnectionString = Source switch
        {
            PostgresSource.ConnectionString => variable!,
            PostgresSource.Container => await StartContainerAsync(cancellationToken),
            _ => await StartClusterAsync(cancellationToken),
        };
        Report($"PostgreSQL for the tests: {Describe()}");
    }

    /// <summary>
    /// Creates a database with a unique name that starts with <paramref name="prefix"/>, and returns
    /// its connection string. Each call gives a new, empty database.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = UniqueDatabaseName(prefix);
        var connectionString = await PostgresAdmin.CreateDatabaseAsync(ServerConnectionString, name, cancellationToken);
        _createdDatabases.Add(name);
        return connectionString;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Source == PostgresSource.ConnectionString && _serverConnectionString is not null)
        {
            // Someone else's server: leave it as it was found. A container or cluster goes away whole.
            foreach (var database in _createdDatabases)
            {
                try
                {
                    await PostgresAdmin.DropDatabaseAsync(_serverConnectionString, database);
                }
                catch (NpgsqlException error)
                {
                    Report($"Could not drop the test database {database}: {error.Message}");
                }
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    // Lower-case letters, digits and underscores, so the name needs no quoting in psql either;
    // 12 hex digits of a GUID keep it unique; the whole stays under PostgreSQL's 63-byte limit.
    internal static string UniqueDatabaseName(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var cleaned = new string([.. prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]).Trim('_');
        cleaned = cleaned.Length == 0 ? "test" : cleaned[..Math.Min(cleaned.Length, 40)];
        return $"{cleaned}_{Guid.NewGuid().ToString("N")[..12]}";
    }

    private async Task<string> StartContainerAsync(CancellationToken cancellationToken)
    {
        var container = new PostgreSqlBuilder(ContainerImage).Build();
        _server = container;
        await container.StartAsync(cancellationToken);
        return container.GetConnectionString();
    }

    private async Task<string> StartClusterAsync(CancellationToken cancellationToken)
    {
        var cluster = await PostgresCluster.StartAsync(
            logger: new LineLogger("postgres", LogLevel.Information, (_, category, text, exception) =>
                Report(exception is null ? $"[{category}] {text}" : $"[{category}] {text}{Environment.NewLine}{exception}")),
            cancellationToken: cancellationToken);
        _server = cluster;
        return cluster.ConnectionString;
    }

    private string Describe()
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        return Source switch
        {
            PostgresSource.ConnectionString => $"the server named by {ConnectionStringVariable} ({server.Host}:{server.Port})",
            PostgresSource.Container => $"a {ContainerImage} container started with Testcontainers ({server.Host}:{server.Port})",
            _ => $"a throwaway cluster from the machine's binaries ({((PostgresCluster)_server!).BinFolder}) on {server.Host}:{server.Port}",
        };
    }

    private void Report(string message) => diagnostics.OnMessage(new DiagnosticMessage(message));
}
