using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Orchestration;

namespace PointsDemo.AppHost.Resources;

/// <summary>Starts a service with its wiring and waits until its <c>/health</c> says it is ready.</summary>
internal static class ProjectResource
{
    public static async Task<ServiceProcess> StartHealthyAsync(
        ServiceWiring wiring, ResourceConsole console, ResourceCatalog catalog, HttpClient http, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wiring);
        var name = wiring.ServiceName;
        var environment = ServiceEnvironment.For(wiring, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        catalog.Update(name, r => r with { State = ResourceState.Starting, Health = "Waiting for /health", StartedAt = DateTimeOffset.UtcNow });
        var process = ServiceProcess.Start(name, ServiceAssemblies.PathOf(name), environment, console, catalog);
        catalog.Update(name, r => r with { ProcessId = process.Id });
        try
        {
            await HealthProbe.WaitHealthyAsync(http, name, new Uri(wiring.Url, "/health"), process.Exited, healthTimeout, cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        catalog.Update(name, r => r with { State = ResourceState.Running, Health = "Healthy" });
        return process;
    }
}
