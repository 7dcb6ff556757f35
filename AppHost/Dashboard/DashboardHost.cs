using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PointsDemo.AppHost.Dashboard.Api;
using PointsDemo.AppHost.Dashboard.Otlp;
using PointsDemo.AppHost.Dashboard.Pages;

namespace PointsDemo.AppHost.Dashboard;

/// <summary>
/// The built-in dashboard: the UI on one port and the OTLP/HTTP receiver on another, as the
/// standalone Aspire dashboard does, so the same <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works with both.
/// Two small web hosts over one <see cref="DashboardState"/>; both bind loopback only.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _ui;
    private readonly WebApplication _otlp;

    private DashboardHost(WebApplication ui, WebApplication otlp, DashboardState state)
    {
        _ui = ui;
        _otlp = otlp;
        State = state;
        UiUrl = BoundUrl(ui);
        OtlpUrl = BoundUrl(otlp);
    }

    /// <summary>The dashboard's address, e.g. <c>http://localhost:18888/</c>.</summary>
    public Uri UiUrl { get; }

    /// <summary>The OTLP/HTTP base address for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, e.g. <c>http://localhost:18890/</c>.</summary>
    public Uri OtlpUrl { get; }

    public DashboardState State { get; }

    public static async Task<DashboardHost> StartAsync(DashboardOptions options, DashboardState state, ILoggerProvider? logs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ui = Build(options.UiPort, state, logs, app => app.MapDashboardPages().MapDashboardApi());
        var otlp = Build(options.OtlpHttpPort, state, logs, app => app.MapOtlpReceiver());
        try
        {
            // The receiver first: services that start right after must find it.
            await otlp.StartAsync(cancellationToken);
            await ui.StartAsync(cancellationToken);
            return new DashboardHost(ui, otlp, state);
        }
        catch
        {
            await ui.DisposeAsync();
            await otlp.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _ui.StopAsync(CancellationToken.None);
        await _otlp.StopAsync(CancellationToken.None);
        await _ui.DisposeAsync();
        await _otlp.DisposeAsync();
    }

    private static WebApplication Build(int port, DashboardState state, ILoggerProvider? logs, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        // HTTP/1.1 only: without TLS, Kestrel cannot offer HTTP/2 beside it, and OTLP/HTTP exporters use HTTP/1.1.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddSingleton(state.Telemetry);
        builder.Services.AddSingleton(state.Resources);
        builder.Services.AddSingleton(state.Console);
        builder.Services.AddSingleton(state.Broker);
        builder.Services.AddSingleton<OtlpTranslator>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        var app = builder.Build();
        map(app);
        return app;
    }

    // Port 0 means "any free port": the real one is known only once Kestrel listens.
    private static Uri BoundUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new UriBuilder(address) { Host = "localhost" }.Uri;
    }
}
