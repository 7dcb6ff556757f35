namespace PointsDemo.Bench;

/// <summary>What one bench run does. Durations are per phase; a run with the defaults takes about two minutes.</summary>
internal sealed record BenchOptions
{
    /// <summary>Which system the bench starts: the AppHost's local mode (the dev loop) or the system as it is deployed.</summary>
    public BenchSystem System { get; init; } = BenchSystem.AppHost;

    /// <summary>Whether the deployed system's programs are published ReadyToRun (compiled ahead of time) rather than left to the JIT.</summary>
    public bool ReadyToRun { get; init; } = true;

    /// <summary>Concurrent HTTP clients for POST /users, and concurrent workers in the database ceiling.</summary>
    public int Clients { get; init; } = 16;

    /// <summary>Registrations per second in the main phase; null means as fast as it goes.</summary>
    public double? Rate { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the main phase and the half-rate phase each run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan CeilingDuration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ClientDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait after a phase for the last points to become visible before counting them as missing.</summary>
    public TimeSpan PointsTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the points database is asked which of the pending users have their points.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The share of traces the services record and export; null keeps the system's own: every
    /// trace in local mode, as <c>dotnet run --project AppHost</c> runs it, and the services'
    /// production sampler in the deployed system.
    /// </summary>
    public double? TraceSampling { get; init; }

    public bool HalfRatePhase { get; init; } = true;

    public bool CeilingPhase { get; init; } = true;

    public bool ClientPhase { get; init; } = true;

    /// <summary>Only the RocketMQ client alone against its dev broker: no system is started, no load phase runs.</summary>
    public bool ClientOnly { get; init; }

    /// <summary>Where the client phase's dev broker keeps its journal; null keeps it in memory.</summary>
    public string? BrokerDataFolder { get; init; }

    /// <summary>Where the JSON results go.</summary>
    public string ResultsFolder { get; init; } = "results";

    /// <summary>Where the services' and resources' output goes; a file beside the results when null.</summary>
    public string? LogFile { get; init; }

    /// <summary>Set for a soak instead of the measurements: --rate held that long.</summary>
    public TimeSpan? Soak { get; init; }

    /// <summary>
    /// Set to time <c>dotnet run --project AppHost</c> from its start to the system healthy instead of
    /// the measurements: how many starts.
    /// </summary>
    public int? DevLoopStartRuns { get; init; }

    /// <summary>Set for a kill -9 run instead of the measurements.</summary>
    public Chaos.ChaosOptions? Chaos { get; init; }

    /// <summary>Set to measure a system that is already running instead of starting one in local mode.</summary>
    public ExternalSystem? Target { get; init; }
}

/// <summary>The systems the bench can start.</summary>
internal enum BenchSystem
{
    /// <summary>The AppHost's local mode under DCP, with the Aspire dashboard: the dev loop.</summary>
    AppHost,

    /// <summary>The services published in Release and run in Production beside durable PostgreSQL and broker: no DCP, no dashboard.</summary>
    Deployed,
}

/// <summary>A running system: UserService's URL, and what the bench reads beside it.</summary>
/// <param name="UserService">UserService's base URL.</param>
/// <param name="PointsDatabase">The points database's connection string (where points become visible).</param>
/// <param name="UsersDatabase">The users database's connection string; the ceiling needs it.</param>
/// <param name="BrokerInspection">The dev broker's inspection API; redeliveries are not counted without it.</param>
internal sealed record ExternalSystem(Uri UserService, string PointsDatabase, string? UsersDatabase, Uri? BrokerInspection);
