using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using PointsDemo.EndToEnd.Tests;
using PointsDemo.PointsService.Grants;
using PointsDemo.PointsService.Tests;
using PointsDemo.Services.Testing;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Registration;
using PointsDemo.UserService.Tests;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// The dev broker and both services in-process, each with its own <see cref="TelemetryCapture"/>,
/// crash seams in both, and Debug logs of the demo's own categories (a registration's success
/// lines are Debug).
/// </summary>
public sealed class ObservedSystem(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Logging = new() { ["Logging:LogLevel:PointsDemo"] = "Debug" };

    private Broker _broker = null!;
    private UserServiceHost _users = null!;
    private PointsServiceHost _points = null!;

    internal TelemetryCapture Users { get; } = new();

    internal TelemetryCapture Points { get; } = new();

    internal CrashPlan Crashes { get; } = new();

    internal Broker Broker => _broker;

    internal HttpClient Client { get; private set; } = null!;

    internal string UsersDb => _users.ConnectionString;

    internal IServiceProvider UsersServices => _users.Services;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        // A check-back only for a registration that stopped: two seconds is longer than a busy machine takes to commit.
        _broker = await TestBroker.StartAsync(options => options.TransactionTimeout = TimeSpan.FromSeconds(2));
        _users = new UserServiceHost(
            await postgres.CreateDatabaseAsync("telemetry_users", ct),
            _broker.Endpoint,
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IRegistrationCrashPoints>(Crashes));
                Users.AddExporters(services);
            },
            Logging);
        _points = new PointsServiceHost(
            await postgres.CreateDatabaseAsync("telemetry_points", ct),
            _broker.Endpoint,
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IGrantCrashPoints>(Crashes));
                Points.AddExporters(services);
            },
            Logging);
        Users.Attach(_users.Services);
        Points.Attach(_points.Services);
        Client = _users.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _points.DisposeAsync();
        await _users.DisposeAsync();
        await _broker.DisposeAsync();
    }

    /// <summary>The registration id UserService stored for <paramref name="email"/>.</summary>
    internal async Task<Guid> RegistrationIdOfAsync(string email)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(UsersDb);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT registration_id FROM users WHERE email = @email", connection);
        command.Parameters.AddWithValue("email", email);
        return (Guid)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Registers a new user; the id UserService answered with.</summary>
    internal async Task<string> RegisterNewUserAsync(string prefix)
    {
        using var response = await RegisterAsync($"{prefix}-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedUser>(TestContext.Current.CancellationToken))!.Id.ToString();
    }

    /// <summary>Registers <paramref name="email"/>, crashing at <paramref name="crash"/>; the response.</summary>
    internal Task<HttpResponseMessage> RegisterAsync(string email, CrashPoint crash = CrashPoint.None)
    {
        Crashes.CrashAt(email, crash);
        return Client.PostAsJsonAsync("/users", new { email, displayName = email.Split('@')[0] }, TestContext.Current.CancellationToken);
    }
}

/// <summary>What UserService answers a registration with, as far as the tests need it.</summary>
internal sealed record CreatedUser(Guid Id);

/// <summary>The test classes that share one <see cref="ObservedSystem"/> (they run one after another).</summary>
[CollectionDefinition(nameof(ObservedSystem))]
public sealed class SharedObservedSystem : ICollectionFixture<ObservedSystem>;
