using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PointsDemo.PointsService.Data;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using PointsDemo.UserService.Data;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// <c>/health</c> covers both dependencies of each service (PostgreSQL and the broker) and answers
/// 503 while either is down; <c>/alive</c> stays 200, since a dependency being down does not make the process dead.
/// </summary>
public sealed class HealthEndpointTests(PostgresFixture postgres) : IAsyncLifetime
{
    private Broker _broker = null!;

    public enum Service
    {
        Users,
        Points,
    }

    public async ValueTask InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData(Service.Users)]
    [InlineData(Service.Points)]
    public async Task Health_is_healthy_with_both_dependencies_up_and_unhealthy_while_PostgreSQL_is_down(Service service)
    {
        var database = await postgres.CreateDatabaseAsync($"health_{service}".ToLowerInvariant(), TestContext.Current.CancellationToken);
        var (host, client, _) = Start(service, database, _broker.Endpoint);
        await using var hostLease = host;
        using var clientLease = client;
        await AssertHealthAsync(client, HttpStatusCode.OK, "Healthy");

        await Database.TakeOfflineAsync(postgres.ServerConnectionString, database);
        try
        {
            await AssertHealthAsync(client, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        }
        finally
        {
            await Database.BringOnlineAsync(postgres.ServerConnectionString, database);
        }

        await AssertHealthAsync(client, HttpStatusCode.OK, "Healthy");
    }

    [Theory]
    [InlineData(Service.Users, nameof(UsersDbContext))]
    [InlineData(Service.Points, nameof(PointsDbContext))]
    public async Task Health_checks_the_process_the_database_by_its_context_and_the_broker(Service service, string databaseCheck)
    {
        var database = await postgres.CreateDatabaseAsync($"health_names_{service}".ToLowerInvariant(), TestContext.Current.CancellationToken);
        var (host, client, services) = Start(service, database, _broker.Endpoint);
        await using var hostLease = host;
        using var clientLease = client;

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new[] { "self", databaseCheck, "RocketMq_rocketmq" }.Order(StringComparer.Ordinal), report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Entries.Values, entry => Assert.Equal(HealthStatus.Healthy, entry.Status));
    }

    [Theory]
    [InlineData(Service.Users)]
    [InlineData(Service.Points)]
    public async Task Health_is_unhealthy_while_the_broker_is_down(Service service)
    {
        var database = await postgres.CreateDatabaseAsync($"health_nobroker_{service}".ToLowerInvariant(), TestContext.Current.CancellationToken);
        var (host, client, _) = Start(service, database, UnusedPort.Endpoint());
        await using var hostLease = host;
        using var clientLease = client;

        await AssertHealthAsync(client, HttpStatusCode.ServiceUnavailable, "Unhealthy");
    }

    /// <summary>Either service on <paramref name="database"/> and <paramref name="broker"/>, a client for it, and its services.</summary>
    private static (IAsyncDisposable Host, HttpClient Client, IServiceProvider Services) Start(Service service, string database, string broker)
    {
        if (service == Service.Users)
        {
            var users = new UserServiceHost(database, broker);
            return (users, users.CreateClient(), users.Services);
        }

        var points = new PointsServiceHost(database, broker);
        return (points, points.CreateClient(), points.Services);
    }

    private static async Task AssertHealthAsync(HttpClient client, HttpStatusCode status, string report)
    {
        var ct = TestContext.Current.CancellationToken;
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.Equal(status, health.StatusCode);
        Assert.Equal(report, await health.Content.ReadAsStringAsync(ct));
        using var alive = await client.GetAsync(new Uri("/alive", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
