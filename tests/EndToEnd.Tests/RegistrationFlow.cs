using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PointsDemo.PointsService.Grants;
using PointsDemo.PointsService.Tests;
using PointsDemo.Services.Testing;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Registration;
using PointsDemo.UserService.Tests;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// The whole system in-process: the dev broker (check-backs two seconds after a half message),
/// UserService and PointsService on their own databases, and one <see cref="CrashPlan"/> in both.
/// </summary>
public sealed class RegistrationFlow(PostgresFixture postgres) : IAsyncLifetime
{
    private Broker _broker = null!;
    private UserServiceHost _users = null!;
    private PointsServiceHost _points = null!;
    private HttpClient _client = null!;

    internal CrashPlan Crashes { get; } = new();

    internal Broker Broker => _broker;

    internal string PointsDb => _points.ConnectionString;

    internal string UsersDb => _users.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _broker = await TestBroker.StartAsync(options =>
        {
            // Long enough that a registration slowed by a busy machine is not checked while it runs.
            options.TransactionTimeout = TimeSpan.FromSeconds(2);
            options.MaxDeliveryAttempts = 16;
        });
        _users = new UserServiceHost(
            await postgres.CreateDatabaseAsync("e2e_users", ct), _broker.Endpoint, services => services.Replace(ServiceDescriptor.Singleton<IRegistrationCrashPoints>(Crashes)));
        _points = new PointsServiceHost(
            await postgres.CreateDatabaseAsync("e2e_points", ct),
            _broker.Endpoint,
            services => services.Replace(ServiceDescriptor.Singleton<IGrantCrashPoints>(Crashes)),
            new Dictionary<string, string?> { ["PointsConsumer:InvisibleDuration"] = "00:00:02" });
        _client = _users.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _points.DisposeAsync();
        await _users.DisposeAsync();
        await _broker.DisposeAsync();
    }

    /// <summary>Registers <paramref name="email"/>, crashing at <paramref name="crash"/>; the HTTP status it got.</summary>
    internal async Task<HttpStatusCode> RegisterAsync(string email, CrashPoint crash = CrashPoint.None)
    {
        Crashes.CrashAt(email, crash);
        using var response = await _client.PostAsJsonAsync("/users", new { email, displayName = email.Split('@')[0] }, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>Waits until the broker has nothing in flight and the invariant holds; fails with what is wrong otherwise.</summary>
    internal Task<FlowState> InvariantHoldsAsync() =>
        Eventually.MeetsAsync(
            () => FlowState.ReadAsync(UsersDb, PointsDb, _broker.Inspector, TestBroker.Group),
            state => state.Holds,
            "every registered user has exactly the registration points and nobody else has any",
            TimeSpan.FromSeconds(60));
}
