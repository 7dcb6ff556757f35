using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Healthy when an HTTP endpoint's path answers 200, like Aspire's own HTTP health check, but a
/// check that gets no answer at all goes on trying for a few seconds. DCP says a process runs as
/// soon as it has started, a second or so before a .NET program opens its port (meanwhile DCP's
/// proxy in front of it accepts the connection and closes it); a failed check is tried again only a
/// second later, then two, then three, so a first check that fails on a program about to answer
/// keeps everything that waits for it that much longer.
/// </summary>
internal sealed class StartingHttpHealthCheck(EndpointReference endpoint, string path) : IHealthCheck
{
    /// <summary>How long one check goes on trying an endpoint that gives no answer.</summary>
    internal static readonly TimeSpan StartingWait = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(50);

    // One client for every check: a handler per check would leave a connection behind each time.
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10) }) { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = new Uri(new Uri(endpoint.Url), path);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                return response.StatusCode == HttpStatusCode.OK
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"{url} answered {(int)response.StatusCode}.");
            }
            catch (HttpRequestException error) when (error.StatusCode is null && waited.Elapsed < StartingWait && !cancellationToken.IsCancellationRequested)
            {
                // Refused, or closed by the proxy: nothing listens behind the port yet.
                await Task.Delay(Retry, cancellationToken);
            }
            catch (HttpRequestException error)
            {
                return HealthCheckResult.Unhealthy($"{url} does not answer: {error.Message}");
            }
        }
    }
}

internal static class StartingHttpHealthCheckExtensions
{
    /// <summary>Adds a <see cref="StartingHttpHealthCheck"/> of <paramref name="path"/> on the resource's <paramref name="endpointName"/> endpoint.</summary>
    public static IResourceBuilder<T> WithStartingHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path, string endpointName)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.GetEndpoint(endpointName);
        // Aspire's own key for the same check, so the dashboard names it as before.
        var key = $"{builder.Resource.Name}_{endpointName}_{path}_200_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => new StartingHttpHealthCheck(endpoint, path), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }
}
