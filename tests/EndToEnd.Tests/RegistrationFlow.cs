using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PointsDemo.PointsService.Grants;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using PointsDemo.UserService.Registration;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// The whole system in-process (check-backs two seconds after a half message), with one
/// <see cref="CrashPlan"/> in both services.
/// </summary>
public class RegistrationFlow : RunningSystem
{
    private static readonly Dictionary<string, string?> Points = new() { ["PointsConsumer:InvisibleDuration"] = "00:00:02" };

    public RegistrationFlow(PostgresFixture postgres)
        : this(postgres, "e2e")
    {
    }

    private protected RegistrationFlow(PostgresFixture postgres, string name)
        : base(postgres, name)
    {
    }

    internal CrashPlan Crashes { get; } = new();

    private protected override IReadOnlyDictionary<string, string?> PointsSettings => Points;

    /// <summary>Registers <paramref name="email"/>, crashing at <paramref name="crash"/>; the HTTP status it got.</summary>
    internal async Task<HttpStatusCode> RegisterAsync(string email, CrashPoint crash = CrashPoint.None)
    {
        Crashes.CrashAt(email, crash);
        using var response = await UsersClient.PostAsJsonAsync("/users", new { email, displayName = email.Split('@')[0] }, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private protected override void ConfigureBroker(DevBrokerOptions options)
    {
        // Long enough that a registration slowed by a busy machine is not checked while it runs.
        options.TransactionTimeout = TimeSpan.FromSeconds(2);
        options.MaxDeliveryAttempts = 16;
    }

    private protected override void ConfigureUsers(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IRegistrationCrashPoints>(Crashes));

    private protected override void ConfigurePoints(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IGrantCrashPoints>(Crashes));
}
