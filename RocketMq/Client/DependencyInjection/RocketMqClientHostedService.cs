using Microsoft.Extensions.Hosting;

namespace PointsDemo.RocketMq;

/// <summary>
/// Starts a singleton RocketMQ client with the host and stops it (NotifyClientTermination, streams
/// closed) before the container disposes it. A broker that is down does not fail the start: the
/// client logs a warning and keeps reconnecting.
/// </summary>
internal sealed class RocketMqClientHostedService<TClient>(TClient client, Func<TClient, CancellationToken, Task> start) : IHostedService
    where TClient : IAsyncDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => start(client, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await client.DisposeAsync();
}
