namespace PointsDemo.TestSupport;

/// <summary>Where the tests' PostgreSQL server comes from.</summary>
public enum PostgresSource
{
    /// <summary>A server named by the <c>POINTSDEMO_TEST_POSTGRES</c> connection string.</summary>
    ConnectionString,

    /// <summary>A container started with Testcontainers, because a Docker engine answers.</summary>
    Container,

    /// <summary>A throwaway cluster started from the machine's PostgreSQL binaries.</summary>
    LocalBinaries,
}

/// <summary>The fixture's choice of server, kept apart from the probes so it can be tested anywhere.</summary>
public static class PostgresSourceSelector
{
    /// <summary>
    /// An explicit connection string wins; then Docker, the closest match to production; then the
    /// machine's binaries. <see langword="null"/> when none is available.
    /// </summary>
    public static PostgresSource? Choose(string? connectionStringVariable, bool dockerAnswers, bool binariesFound) =>
        !string.IsNullOrWhiteSpace(connectionStringVariable) ? PostgresSource.ConnectionString
        : dockerAnswers ? PostgresSource.Container
        : binariesFound ? PostgresSource.LocalBinaries
        : null;
}
