using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PointsDemo.RocketMq.Tests.Client;

/// <summary>Hosts with the client integration's registrations on in-memory configuration, and what they registered.</summary>
internal static class ClientHosts
{
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>> settings, Action<IHostApplicationBuilder> register)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder);
        return builder.Build();
    }

    /// <summary>The <see cref="RocketMqOptions"/> the client of <paramref name="serviceKey"/> is built with; validating them throws as the start would.</summary>
    public static RocketMqOptions ConnectionOptions<TClient>(this IServiceProvider services, string? serviceKey = null) =>
        services.GetRequiredService<IOptionsMonitor<RocketMqOptions>>().Get(RocketMqClientRegistration.ConnectionOptionsName<TClient>(serviceKey));

    public static IEnumerable<string> HealthCheckNames(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(registration => registration.Name).Order(StringComparer.Ordinal);
}
