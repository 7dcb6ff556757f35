using System.Net.Http.Headers;
using Google.Protobuf;
using PointsDemo.AppHost.Dashboard;

namespace PointsDemo.AppHost.Tests.Support;

/// <summary>The built-in dashboard on free loopback ports, with a client for its OTLP receiver and pages.</summary>
internal sealed class RunningDashboard : IAsyncDisposable
{
    private readonly DashboardHost _host;

    private RunningDashboard(DashboardHost host)
    {
        _host = host;
    }

    public HttpClient Http { get; } = new();

    public DashboardState State => _host.State;

    public Uri UiUrl => _host.UiUrl;

    public Uri OtlpUrl => _host.OtlpUrl;

    public static async Task<RunningDashboard> StartAsync(CancellationToken cancellationToken)
    {
        var state = new DashboardState(new());
        return new RunningDashboard(await DashboardHost.StartAsync(new DashboardOptions { UiPort = 0, OtlpHttpPort = 0 }, state, null, cancellationToken));
    }

    public Uri Ui(string pathAndQuery) => new(UiUrl, pathAndQuery);

    /// <summary>Posts an OTLP export request as the .NET exporter does (http/protobuf).</summary>
    public async Task<HttpResponseMessage> PostAsync(string signalPath, IMessage request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return await Http.PostAsync(new Uri(OtlpUrl, signalPath), content, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _host.State.Dispose();
        Http.Dispose();
    }
}
