using PointsDemo.AppHost.Dashboard;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>Where PostgreSQL, RocketMQ and the dashboard come from.</summary>
internal enum RunMode
{
    /// <summary>Docker when an engine answers <c>docker info</c>, local otherwise.</summary>
    Auto,

    /// <summary>PostgreSQL from the machine's binaries, the dev broker in-process, the built-in dashboard.</summary>
    Local,

    /// <summary>PostgreSQL, RocketMQ and the Aspire dashboard as containers from docker-compose.yml.</summary>
    Docker,
}

/// <summary>
/// What the command line asked for. The services and the broker get their usual ports when those
/// are free and a free one otherwise; 0 means "any free one".
/// </summary>
internal sealed record AppHostSettings
{
    public RunMode Mode { get; init; } = RunMode.Auto;

    public int DashboardPort { get; init; } = DashboardOptions.DefaultUiPort;

    public int OtlpPort { get; init; } = DashboardOptions.DefaultOtlpHttpPort;

    public int UserServicePort { get; init; } = ServicePorts.UserService;

    public int PointsServicePort { get; init; } = ServicePorts.PointsService;

    public int BrokerPort { get; init; } = ServicePorts.Broker;

    /// <summary>The folder the AppHost keeps its PostgreSQL cluster under; a folder of its own in the temp folder when unset.</summary>
    public string? DataFolder { get; init; }

    public string ComposeFile { get; init; } = "docker-compose.yml";

    /// <summary>
    /// The share of traces the services record and export in local mode: 1, every trace, so the
    /// dashboard shows each registration. The bench lowers it to measure what telemetry costs.
    /// </summary>
    public double TraceSampling { get; init; } = 1;

    /// <summary>How long one resource may take to become healthy before the start is abandoned.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
