using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// A service in-process on Kestrel (loopback, a free port) in the Development environment (or the
/// one given), with the given configuration and service replacements. Started at construction:
/// migrations have run (in Development) and the RocketMQ clients are started before a test sends anything.
/// </summary>
internal abstract class ServiceHost<TMarker> : WebApplicationFactory<TMarker>
    where TMarker : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _environment;

    /// <param name="connectionString">The service's own database.</param>
    /// <param name="brokerEndpoint">Given as <c>Aspire:RocketMq:Client:ConnectionString</c>; null leaves the key out, for a broker given otherwise (<c>ConnectionStrings:rocketmq</c>, which wins).</param>
    /// <param name="settings">The service's own settings.</param>
    /// <param name="overrides">A test's settings, over the others.</param>
    /// <param name="services">A test's service replacements.</param>
    /// <param name="environment">The host environment; Development when null.</param>
    protected ServiceHost(
        string connectionString,
        string? brokerEndpoint,
        Dictionary<string, string?> settings,
        IReadOnlyDictionary<string, string?>? overrides,
        Action<IServiceCollection>? services,
        string? environment = null)
    {
        ConnectionString = connectionString;
        _services = services;
        _environment = environment ?? Environments.Development;
        _settings = settings;
        if (brokerEndpoint is not null)
        {
            _settings.TryAdd("Aspire:RocketMq:Client:ConnectionString", brokerEndpoint);
        }

        _settings.TryAdd("Aspire:RocketMq:Client:RequestTimeout", "00:00:02");
        _settings.TryAdd("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // Kestrel rather than the in-memory TestServer: real HTTP, and real request limits (the body size).
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

    /// <summary>The service's own database.</summary>
    public string ConnectionString { get; }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The app's own RunAsync disposes its container as soon as it sees the stop, while this
            // factory's stop still runs the RocketMQ client's hosted service, whose goodbye call
            // (NotifyClientTermination) then finds the logger factory disposed. Only teardown is affected.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            // When a test assembly fails, the test platform prints its whole console output after the
            // failures, so the service's lines would bury which test failed and why: they go to a file.
            services.Remove(services.Single(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)));
            services.AddSingleton<ILoggerProvider>(LineLoggerProvider.WritingTo(Artifacts.ServicesLog));
            _services?.Invoke(services);
        });
    }
}
