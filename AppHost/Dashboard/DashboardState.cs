using PointsDemo.AppHost.Dashboard.Broker;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard;

/// <summary>Everything the dashboard shows, shared between the orchestrator (writer) and the web hosts (readers).</summary>
internal sealed class DashboardState : IDisposable
{
    private readonly HttpClient _brokerHttp = new() { Timeout = TimeSpan.FromSeconds(3) };

    public DashboardState(TelemetryLimits limits)
    {
        Telemetry = new TelemetryStore(limits);
        Broker = new BrokerInspection(_brokerHttp);
    }

    public TelemetryStore Telemetry { get; }

    public ResourceCatalog Resources { get; } = new();

    public ConsoleLogStore Console { get; } = new();

    public BrokerInspection Broker { get; }

    public void Dispose() => _brokerHttp.Dispose();
}
