using Microsoft.Extensions.DependencyInjection;
using PointsDemo.Services.Testing;

namespace PointsDemo.UserService.Tests;

/// <summary>UserService in-process on its own database, talking to the broker at <paramref name="brokerEndpoint"/>.</summary>
internal sealed class UserServiceHost(
    string connectionString, string brokerEndpoint, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    : ServiceHost<UserServiceMarker>(
        connectionString,
        new Dictionary<string, string?> { ["ConnectionStrings:usersdb"] = connectionString, ["RocketMq:Endpoints"] = brokerEndpoint },
        settings,
        services);
