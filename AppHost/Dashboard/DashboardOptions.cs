using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard;

/// <summary>
/// Where the built-in dashboard listens. The defaults are the standalone Aspire dashboard's ports,
/// so services send telemetry to the same place in every mode; 0 picks a free port (tests).
/// </summary>
internal sealed record DashboardOptions
{
    public const int DefaultUiPort = 18888;
    public const int DefaultOtlpHttpPort = 18890;

    public int UiPort { get; init; } = DefaultUiPort;

    public int OtlpHttpPort { get; init; } = DefaultOtlpHttpPort;

    public TelemetryLimits Limits { get; init; } = new();
}
