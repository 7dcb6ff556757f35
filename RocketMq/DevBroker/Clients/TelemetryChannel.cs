using Apache.Rocketmq.V2;
using Grpc.Core;

namespace PointsDemo.RocketMq.DevBroker.Clients;

/// <summary>
/// The server side of one client's Telemetry stream: the way to reach the client with commands
/// (settings answers, check-backs). Writes are serialized, as gRPC requires.
/// </summary>
internal sealed class TelemetryChannel(string clientId, IServerStreamWriter<TelemetryCommand> writer, CancellationToken streamAborted) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile bool _broken;

    public string ClientId { get; } = clientId;

    /// <summary>Active while the stream is held and no write has failed (the proxy's <c>isActive</c>).</summary>
    public bool IsActive => !_broken && !streamAborted.IsCancellationRequested;

    /// <summary>Writes a command; false (and the channel inactive) when the stream is gone.</summary>
    public async Task<bool> TryWriteAsync(TelemetryCommand command)
    {
        try
        {
            await _writeLock.WaitAsync(streamAborted);
            try
            {
                await writer.WriteAsync(command, streamAborted);
                return true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or IOException or ObjectDisposedException)
        {
            _broken = true;
            return false;
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
