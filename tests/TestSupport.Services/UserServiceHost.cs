using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PointsDemo.UserService;
using PointsDemo.UserService.Faults;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// UserService in-process on its own database, talking to the broker at <paramref name="brokerEndpoint"/> (or as <paramref name="settings"/> say).
/// Its crash exit is a <see cref="ProcessExitRecorder"/>: a fault that ends the process must not end the tests' process.
/// </summary>
internal sealed class UserServiceHost(
    string connectionString, string? brokerEndpoint, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null, string? environment = null)
    : ServiceHost<UserServiceMarker>(
        connectionString,
        brokerEndpoint,
        new Dictionary<string, string?> { ["ConnectionStrings:usersdb"] = connectionString },
        settings,
        replacements =>
        {
            replacements.Replace(ServiceDescriptor.Singleton<IProcessExit, ProcessExitRecorder>());
            services?.Invoke(replacements);
        },
        environment)
{
    /// <summary>The exit a fault would have ended this instance with.</summary>
    public ProcessExitRecorder Exit => (ProcessExitRecorder)Services.GetRequiredService<IProcessExit>();
}
