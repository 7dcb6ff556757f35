using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using PointsDemo.PointsService.Grants;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using PointsDemo.UserService.Registration;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// The dev broker and both services in-process, each with its own <see cref="TelemetryCapture"/>,
/// and Debug logs of the demo's own categories (a registration's success lines are Debug).
/// </summary>
public abstract class CapturedSystem(PostgresFixture postgres, string name) : RunningSystem(postgres, name)
{
    private static readonly Dictionary<string, string?> Logging = new() { ["Logging:LogLevel:PointsDemo"] = "Debug" };

    internal TelemetryCapture Users { get; } = new();

    internal TelemetryCapture Points { get; } = new();

    internal HttpClient Client => UsersClient;

    internal IServiceProvider UsersServices => UsersHost.Services;

    private protected override IReadOnlyDictionary<string, string?> UsersSettings => Logging;

    private protected override IReadOnlyDictionary<string, string?> PointsSettings => Logging;

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

    /// <summary>Registers <paramref name="email"/>; the response.</summary>
    internal Task<HttpResponseMessage> RegisterAsync(string email) =>
        Client.PostAsJsonAsync("/users", new { email, displayName = email.Split('@')[0] }, TestContext.Current.CancellationToken);

    private protected override void ConfigureBroker(DevBrokerOptions options) =>
        // A check-back only for a registration that stopped: two seconds is longer than a busy machine takes to commit.
        options.TransactionTimeout = TimeSpan.FromSeconds(2);

    private protected override void ConfigureUsers(IServiceCollection services) => Users.AddExporters(services);

    private protected override void ConfigurePoints(IServiceCollection services) => Points.AddExporters(services);

    private protected override void Started()
    {
        Users.Attach(UsersHost.Services);
        Points.Attach(PointsHost.Services);
    }
}

/// <summary>The captured system with crash seams in both services, planned per registration.</summary>
public sealed class ObservedSystem(PostgresFixture postgres) : CapturedSystem(postgres, "telemetry")
{
    internal CrashPlan Crashes { get; } = new();

    /// <summary>Registers <paramref name="email"/>, crashing at <paramref name="crash"/>; the response.</summary>
    internal Task<HttpResponseMessage> RegisterAsync(string email, CrashPoint crash)
    {
        Crashes.CrashAt(email, crash);
        return RegisterAsync(email);
    }

    private protected override void ConfigureUsers(IServiceCollection services)
    {
        base.ConfigureUsers(services);
        services.Replace(ServiceDescriptor.Singleton<IRegistrationCrashPoints>(Crashes));
    }

    private protected override void ConfigurePoints(IServiceCollection services)
    {
        base.ConfigurePoints(services);
        services.Replace(ServiceDescriptor.Singleton<IGrantCrashPoints>(Crashes));
    }
}

/// <summary>The captured system with the fault commands as Development has them.</summary>
public sealed class ObservedFaults(PostgresFixture postgres) : CapturedSystem(postgres, "telemetry_faults");

/// <summary>What UserService answers a registration with, as far as the tests need it.</summary>
internal sealed record CreatedUser(Guid Id);

/// <summary>The test classes that share one <see cref="ObservedSystem"/> (they run one after another).</summary>
[CollectionDefinition(nameof(ObservedSystem))]
public sealed class SharedObservedSystem : ICollectionFixture<ObservedSystem>;
