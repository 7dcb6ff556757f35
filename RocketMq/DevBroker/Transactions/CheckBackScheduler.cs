using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.DevBroker.Clients;
using PointsDemo.RocketMq.DevBroker.Diagnostics;
using PointsDemo.RocketMq.DevBroker.Storage;

namespace PointsDemo.RocketMq.DevBroker.Transactions;

/// <summary>
/// The broker's transaction check service (semantics §1.3): a pass over the half messages every
/// check interval (the first one interval after start). A half message older than
/// max(transaction timeout, its recovery duration) gets a check-back on the Telemetry stream of
/// one active producer that declared its topic, with a fresh transaction-data record so the answer
/// can end it; with no such producer the check still counts. After the max checks (or once older
/// than the retention time) it moves to <c>TRANS_CHECK_MAX_TIME_TOPIC</c> on the next pass: never
/// delivered, never checked again unless an operator resumes it.
/// </summary>
internal sealed class CheckBackScheduler(
    HalfMessageStore halves,
    TransactionTokens tokens,
    ClientRegistry clients,
    DevBrokerOptions options,
    TimeProvider time,
    BrokerMetrics metrics,
    ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _nextPassAtTicks;

    /// <summary>When the next pass runs.</summary>
    public DateTimeOffset NextPassAt => new(Interlocked.Read(ref _nextPassAtTicks), TimeSpan.Zero);

    public void Start() => _loop = RunAsync(_stop.Token);

    /// <summary>When the half message will next be checked (or discarded), given the pass rhythm.</summary>
    public DateTimeOffset NextCheckAt(HalfMessage half)
    {
        var next = NextPassAt;
        var due = half.ChecksSent == 0 ? half.FirstCheckDue(options.TransactionTimeout) : next;
        if (due <= next)
        {
            return next;
        }

        var passes = Math.Ceiling((due - next) / options.TransactionCheckInterval);
        return next + (options.TransactionCheckInterval * passes);
    }

    /// <summary>One pass over the half messages.</summary>
    public void RunPass()
    {
        tokens.RemoveExpired();
        var now = time.GetUtcNow();
        foreach (var half in halves.Pending())
        {
            var messageId = half.Message.SystemProperties.MessageId;
            if (half.ChecksSent >= options.TransactionCheckMax || half.ChecksSince < now - options.RetentionTime)
            {
                if (halves.Park(half))
                {
                    metrics.MovedToCheckMax(half.Topic);
                    BrokerLog.HalfMessageParked(logger, messageId, half.Topic, half.ChecksSent, HalfMessageStore.CheckMaxTopic);
                }

                continue;
            }

            if (now < half.FirstCheckDue(options.TransactionTimeout))
            {
                continue;
            }

            var check = halves.CountCheck(half);
            tokens.Add(half.Topic, half.TransactionId);
            if (clients.PickProducer(half.Topic) is not { } channel)
            {
                metrics.CheckBack(half.Topic, "no_producer");
                BrokerLog.CheckBackNoProducer(logger, check, options.TransactionCheckMax, messageId, half.Topic);
                continue;
            }

            var command = new TelemetryCommand
            {
                RecoverOrphanedTransactionCommand = new RecoverOrphanedTransactionCommand
                {
                    Message = MessageConversion.ForCheck(half.Message),
                    TransactionId = half.TransactionId,
                },
            };
            _ = SendAsync(channel, command, check, messageId, half.Topic);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SendAsync(TelemetryChannel channel, TelemetryCommand command, int check, string messageId, string topic)
    {
        if (await channel.TryWriteAsync(command))
        {
            metrics.CheckBack(topic, "sent");
            BrokerLog.CheckBackSent(logger, check, options.TransactionCheckMax, messageId, topic, channel.ClientId);
        }
        else
        {
            metrics.CheckBack(topic, "undelivered");
            BrokerLog.CheckBackLost(logger, check, options.TransactionCheckMax, messageId, topic, channel.ClientId);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _nextPassAtTicks, (time.GetUtcNow() + options.TransactionCheckInterval).UtcTicks);
            try
            {
                await Task.Delay(options.TransactionCheckInterval, time, cancellationToken);
                RunPass();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed pass must not end the check service.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                BrokerLog.CheckPassFailed(logger, exception);
            }
        }
    }
}
