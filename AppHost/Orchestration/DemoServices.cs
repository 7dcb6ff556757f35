using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Resources;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>Where the two services listen once they run.</summary>
internal sealed record DemoServiceUrls(Uri UserService, Uri PointsService);

/// <summary>
/// PointsService, then UserService, each started once the one before is healthy and wired the same
/// way whatever runs PostgreSQL and RocketMQ: only the endpoints differ between the modes.
/// </summary>
internal static class DemoServices
{
    public static async Task<DemoServiceUrls> StartAsync(
        AppHostSettings settings,
        IReadOnlyDictionary<string, string> connectionStrings,
        string rocketMqEndpoints,
        Uri otlpEndpoint,
        ResourceConsole console,
        ResourceCatalog catalog,
        HttpClient http,
        Teardown teardown,
        CancellationToken stop)
    {
        var pointsUrl = ServicePorts.UrlFor(settings.PointsServicePort);
        var userUrl = ServicePorts.UrlFor(settings.UserServicePort);
        catalog.Update(ServiceAssemblies.PointsService, r => r with { Urls = [$"{pointsUrl.AbsoluteUri}points/{{userId}}", $"{pointsUrl.AbsoluteUri}swagger"] });
        catalog.Update(ServiceAssemblies.UserService, r => r with { Urls = [$"{userUrl.AbsoluteUri}swagger", $"{userUrl.AbsoluteUri}users"] });

        console.Say("Starting PointsService and waiting for /health...");
        var points = await ProjectResource.StartHealthyAsync(
            new ServiceWiring(ServiceAssemblies.PointsService, pointsUrl, Only(connectionStrings, "pointsdb"), rocketMqEndpoints, otlpEndpoint, new Dictionary<string, Uri>(), settings.TraceSampling),
            console, catalog, http, settings.HealthTimeout, stop);
        teardown.Add(ServiceAssemblies.PointsService, async () => await points.DisposeAsync());

        console.Say("Starting UserService and waiting for /health...");
        var users = await ProjectResource.StartHealthyAsync(
            new ServiceWiring(ServiceAssemblies.UserService, userUrl, Only(connectionStrings, "usersdb"), rocketMqEndpoints, otlpEndpoint,
                new Dictionary<string, Uri> { [ServiceAssemblies.PointsService] = pointsUrl }, settings.TraceSampling),
            console, catalog, http, settings.HealthTimeout, stop);
        teardown.Add(ServiceAssemblies.UserService, async () => await users.DisposeAsync());

        return new DemoServiceUrls(userUrl, pointsUrl);
    }

    private static Dictionary<string, string> Only(IReadOnlyDictionary<string, string> connectionStrings, string name) =>
        new() { [name] = connectionStrings[name] };
}
