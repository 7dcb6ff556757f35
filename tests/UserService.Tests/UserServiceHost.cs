using Microsoft.Extensions.DependencyInjection;
using PointsDemo.Services.Testing;

namespace PointsDemo.UserService.Tests;

/// <summary>UserService in-process on its own database, talking to the broker at <paramref name="brokerEndpoint"/> (or as <paramref name="settings"/> say).</summary>
internal sealed class UserServiceHost(
    string connectionString, string? brokerEndpoint, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    : ServiceHost<UserServiceMarker>(
        connectionString,
        brokerEndpoint,
        new Dictionary<string, string?> { ["ConnectionStrings:usersdb"] = connectionString },
        settings,
        services);
