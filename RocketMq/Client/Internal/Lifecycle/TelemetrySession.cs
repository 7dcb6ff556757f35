using Apache.Rocketmq.V2;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Timing;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Lifecycle;

/// <summary>
/// The client's Telemetry stream to one broker endpoint: settings first, then server commands
/// (settings answers, check-backs, diagnostics requests) read in a loop. When the stream breaks it
/// is re-opened with backoff and the settings are sent again, so the broker always knows the
/// client (check-backs reach only producers whose stream is open).
/// </summary>
internal sealed class TelemetrySession(
    Endpoint endpoint,
    ClientContext context,
    IClientRole role,
    ClientIntervals intervals,
    ILogger logger,
    CancellationToken lifetime) : IAsyncDisposable
{
    private readonly TaskCompletionSource _firstSettings = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
    private volatile AsyncDuplexStreamingCall<TelemetryCommand, TelemetryCommand>? _call;
    private volatile bool _closing;
    private Task? _loop;
    private int _settingsWaitReported;

    public Endpoint Endpoint { get; } = endpoint;

    /// <summary>
    /// Opens the stream (once) and waits for the broker's settings, at most the settings wait:
    /// without an answer the client goes on, as the official clients do.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_firstSettings)
        {
            _loop ??= Task.Run(RunAsync, CancellationToken.None);
        }

        try
        {
            await _firstSettings.Task.WaitAsync(intervals.SettingsWait, context.Time, cancellationToken);
        }
        catch (TimeoutException) when (Interlocked.Exchange(ref _settingsWaitReported, 1) == 0)
        {
            ClientLog.SettingsNotAnswered(logger, Endpoint, intervals.SettingsWait);
        }
        catch (TimeoutException)
        {
            // Said once already.
        }
    }

    /// <summary>Sends the current settings again (the periodic re-sync, or after declaring a topic).</summary>
    public async Task SyncSettingsAsync(CancellationToken cancellationToken)
    {
        if (_call is null)
        {
            return; // Not connected: the reconnect sends the settings.
        }

        await TryWriteAsync(new TelemetryCommand { Settings = role.CreateSettings() }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        if (_loop is not null)
        {
            // End our side first, so the broker unregisters the client and ends its side.
            if (_call is { } call)
            {
                await _writeLock.WaitAsync(CancellationToken.None);
                try
                {
                    await call.RequestStream.CompleteAsync();
                }
                catch (Exception exception) when (exception is RpcException or InvalidOperationException or IOException)
                {
                    // Already broken; nothing to end.
                }
                finally
                {
                    _writeLock.Release();
                }
            }

            try
            {
                await _loop.WaitAsync(intervals.Farewell, context.Time, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // The broker did not end its side in time; cancel the call.
            }

            await _stop.CancelAsync();
            await _loop;
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_closing && !_stop.IsCancellationRequested)
        {
            try
            {
                using var call = context.Channels.Get(Endpoint).Telemetry(context.CallOptions(timeout: null, _stop.Token));
                _call = call;
                await TryWriteAsync(new TelemetryCommand { Settings = role.CreateSettings() }, _stop.Token);
                await foreach (var command in call.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    if (command.CommandCase == TelemetryCommand.CommandOneofCase.Settings)
                    {
                        failures = 0;
                    }

                    Dispatch(command);
                }

                if (!_closing)
                {
                    ClientLog.TelemetryEnded(logger, Endpoint);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is RpcException or IOException or InvalidOperationException)
            {
                if (!_closing)
                {
                    ClientLog.TelemetryFailed(logger, Endpoint, exception);
                }
            }
            finally
            {
                _call = null;
            }

            if (_closing)
            {
                break;
            }

            var delay = intervals.Reconnect.DelayAfter(++failures);
            ClientLog.TelemetryReconnecting(logger, Endpoint, delay);
            try
            {
                await Task.Delay(delay, context.Time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Dispatch(TelemetryCommand command)
    {
        switch (command.CommandCase)
        {
            case TelemetryCommand.CommandOneofCase.Settings:
                try
                {
                    role.ApplyServerSettings(command.Settings);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // A settings answer this client cannot use must not stop the loop that serves check-backs.
                    ClientLog.SettingsNotApplied(logger, Endpoint, exception);
                }

                _firstSettings.TrySetResult();
                break;
            case TelemetryCommand.CommandOneofCase.RecoverOrphanedTransactionCommand:
                role.OnOrphanedTransaction(command.RecoverOrphanedTransactionCommand, Endpoint);
                break;
            case TelemetryCommand.CommandOneofCase.PrintThreadStackTraceCommand:
                Reply(new TelemetryCommand
                {
                    Status = Unsupported("thread stack traces are not collected by this client"),
                    ThreadStackTrace = new ThreadStackTrace { Nonce = command.PrintThreadStackTraceCommand.Nonce },
                });
                break;
            case TelemetryCommand.CommandOneofCase.VerifyMessageCommand:
                Reply(new TelemetryCommand
                {
                    Status = Unsupported("message verification is served by push consumers only"),
                    VerifyMessageResult = new VerifyMessageResult { Nonce = command.VerifyMessageCommand.Nonce },
                });
                break;
            case TelemetryCommand.CommandOneofCase.None when command.Status is { Code: >= Code.Unauthorized and < Code.PaymentRequired } status:
                ClientLog.TelemetryUnauthorized(logger, Endpoint, context.Options.AccessKey ?? "(none: requests are not signed)", status.Code, status.Message);
                break;
            case TelemetryCommand.CommandOneofCase.None when command.Status is { } status:
                ClientLog.TelemetryStatus(logger, Endpoint, status.Code, status.Message);
                break;
            default:
                ClientLog.TelemetryCommandIgnored(logger, Endpoint, command.CommandCase);
                break;
        }
    }

    private static Apache.Rocketmq.V2.Status Unsupported(string message) => new() { Code = Code.Unsupported, Message = message };

    private void Reply(TelemetryCommand reply) => _ = TryWriteAsync(reply, _stop.Token);

    private async Task TryWriteAsync(TelemetryCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                if (_call is { } call && !_closing)
                {
                    await call.RequestStream.WriteAsync(command, cancellationToken);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception exception) when (exception is RpcException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The read loop sees the broken stream and reconnects; the reconnect sends the settings again.
            ClientLog.TelemetryWriteFailed(logger, Endpoint, command.CommandCase, exception);
        }
    }
}
