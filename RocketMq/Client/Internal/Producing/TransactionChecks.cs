using System.Collections.Concurrent;
using System.Diagnostics;
using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Consuming;
using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Producing;

/// <summary>
/// Serves check-backs (RecoverOrphanedTransactionCommand): each runs the application's checker off
/// the Telemetry read loop, so a slow check never holds up the next command. COMMIT or ROLLBACK
/// is answered with EndTransaction (source SOURCE_SERVER_CHECK, the command's transaction id) to
/// the broker whose stream asked; UNKNOWN, a failure or no checker answer nothing, and the broker
/// asks again later. Nothing here can take the process down.
/// </summary>
internal sealed class TransactionChecks(ITransactionChecker? checker, ClientContext context, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _nextId;

    public void Dispatch(RecoverOrphanedTransactionCommand command, Endpoint endpoint)
    {
        if (_stopping.IsCancellationRequested)
        {
            return; // Shutting down: the broker asks again later.
        }

        var token = _stopping.Token;
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[id] = done.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await CheckAsync(command, endpoint, token);
            }
            finally
            {
                _running.TryRemove(id, out _);
                done.SetResult();
            }
        });
    }

    /// <summary>Cancels the running checks and waits for them, at most a request timeout.</summary>
    public async Task DrainAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(context.Options.RequestTimeout, context.Time);
        }
        catch (TimeoutException)
        {
            // A checker that ignores cancellation must not hold up shutdown.
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task CheckAsync(RecoverOrphanedTransactionCommand command, Endpoint endpoint, CancellationToken cancellationToken)
    {
        MessageView message;
        try
        {
            message = MessageViews.From(command.Message ?? throw new FormatException("The check-back carries no message."), endpoint);
        }
        catch (FormatException exception)
        {
            ClientLog.CheckMalformed(logger, endpoint, exception);
            return;
        }

        if (checker is null)
        {
            ClientLog.CheckerMissing(logger, message.Topic, message.MessageId);
            return;
        }

        // The check is its own trace, linked to the send it is about.
        using var span = MessagingActivity.Start(
                "check", MessagingAttributes.Process, ActivityKind.Consumer, message.Topic, endpoint, context.ClientId,
                links: message.TraceContext is { } sent ? [new ActivityLink(sent)] : null)
            .SetMessage(message.MessageId, message.Tag, message.Keys);
        var resolution = TransactionResolution.Unknown;
        try
        {
            resolution = await (checker.CheckAsync(message, cancellationToken) ?? Task.FromResult(TransactionResolution.Unknown));
            span.SetTag(MessagingAttributes.Resolution, resolution.ToString().ToLowerInvariant());
            var tags = MessagingInstruments.MessageTags(message.Topic, "check");
            tags.Add(MessagingAttributes.Resolution, resolution.ToString().ToLowerInvariant());
            MessagingInstruments.TransactionChecks.Add(1, tags);
            ClientLog.CheckResolved(logger, message.Topic, message.MessageId, resolution);
            if (resolution is TransactionResolution.Commit or TransactionResolution.Rollback)
            {
                await EndTransactionCall.EndAsync(
                    context, endpoint, message.Topic, message.MessageId, command.TransactionId, resolution, TransactionSource.SourceServerCheck, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down; the broker asks another producer, or this one after a restart.
        }
        catch (RocketMqException exception) when (resolution != TransactionResolution.Unknown)
        {
            ClientLog.CheckAnswerFailed(logger, message.Topic, message.MessageId, resolution, exception.Message);
        }
#pragma warning disable CA1031 // The checker is application code: whatever it throws is logged, never allowed to end the process.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            span.Fail(exception);
            ClientLog.CheckFailed(logger, message.Topic, message.MessageId, exception);
        }
    }
}
