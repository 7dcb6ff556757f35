using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PointsDemo.UserService;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// UserService in-process on its own database, talking to the broker at <paramref name="brokerEndpoint"/>.
/// Started at construction: the schema is migrated and the producer started before a test sends anything.
/// </summary>
internal sealed class UserServiceHost : WebApplicationFactory<UserServiceMarker>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public UserServiceHost(string connectionString, string brokerEndpoint, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ConnectionString = connectionString;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:usersdb"] = connectionString,
            ["RocketMq:Endpoints"] = brokerEndpoint,
            ["RocketMq:RequestTimeout"] = "00:00:02",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // Kestrel on loopback rather than the in-memory TestServer: real HTTP, and real request limits (the body size).
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

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
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => _services?.Invoke(services));
    }
}
