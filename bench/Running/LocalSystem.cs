using Microsoft.Extensions.Logging;
using PointsDemo.AppHost.Dashboard;
using PointsDemo.AppHost.Orchestration;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Running;

/// <summary>
/// The system as the AppHost's local mode runs it, started from the AppHost's own resources: the
/// built-in dashboard (the services export their telemetry to it, as in local mode), a throwaway
/// PostgreSQL, the dev broker in this process, and both services as <c>dotnet &lt;dll&gt;</c>
/// processes with the same environment. Unlike the AppHost, the bench keeps the connection
/// strings, which it needs for the database ceiling and to see points arrive.
/// </summary>
internal sealed class LocalSystem : IAsyncDisposable
{
    private readonly DashboardState _state;
    private readonly Teardown _teardown;
    private readonly HttpClient _http;

    private LocalSystem(DashboardState state, Teardown teardown, HttpClient http, SystemUnderTest target)
    {
        _state = state;
        _teardown = teardown;
        _http = http;
        Target = target;
    }

    public SystemUnderTest Target { get; }

    /// <summary>Each resource's process: the services, PostgreSQL's postmaster, and this process (dev broker, dashboard, load).</summary>
    public ProcessCpu Cpu => new(new Dictionary<string, int>(_state.Resources.All
        .Where(r => r.ProcessId is not null && r.ProcessId != Environment.ProcessId)
        .Select(r => KeyValuePair.Create(r.Name, r.ProcessId!.Value)))
    {
        ["bench (+ broker, dashboard)"] = Environment.ProcessId,
    });

    /// <summary>
    /// Starts everything in dependency order; the resources' output goes to <paramref name="log"/>.
    /// <paramref name="traceSampling"/> is the share of traces the services record (1: all, as local mode).
    /// </summary>
    public static async Task<LocalSystem> StartAsync(TextWriter log, double traceSampling, CancellationToken cancellationToken)
    {
        var state = new DashboardState(new());
        var console = new ResourceConsole(state.Console, TimeProvider.System, log);
        var teardown = new Teardown(console);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // Free ports throughout, so a bench can run beside an AppHost on the usual ones.
            var settings = new AppHostSettings { UserServicePort = 0, PointsServicePort = 0, BrokerPort = 0, DashboardPort = 0, OtlpPort = 0, TraceSampling = traceSampling };
            var local = await LocalResources.StartAsync(settings, state, console, teardown, http, LogLevel.Warning, cancellationToken);
            var (cluster, connectionStrings, broker, dashboard) = (local.Cluster, local.ConnectionStrings, local.Broker, local.Dashboard);

            var target = new SystemUnderTest(
                local.Services.UserService, connectionStrings["pointsdb"], connectionStrings["usersdb"], broker.InspectionEndpoint,
                $"local mode: PostgreSQL 127.0.0.1:{cluster.Port}, dev broker {broker.Endpoint} (in the bench's process), dashboard {dashboard.UiUrl}, services as processes, {RunSettings.DescribeTraces(traceSampling)}");
            return new LocalSystem(state, teardown, http, target);
        }
        catch
        {
            await teardown.RunAsync();
            http.Dispose();
            state.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _teardown.RunAsync();
        _http.Dispose();
        _state.Dispose();
    }
}
