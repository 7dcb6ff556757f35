using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using PointsDemo.Data;
using PointsDemo.Diagnostics;
using PointsDemo.PointsService.Faults;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// Receives "user registered" messages in batches and grants a batch's points in one statement,
/// receiving the next batch meanwhile. If that statement fails, for whatever reason, the batch's
/// messages are granted one by one, a few at a time, so that each meets its own failure handling. A
/// message is acked only after its grant committed (a batch's granted messages in one request); a failed one is not acked but hidden for a
/// backoff that grows with its delivery attempt, and past the group's max attempts the broker moves
/// it to the dead-letter queue <c>%DLQ%points-service</c>. A message whose values the database
/// refuses (SQLSTATE class 22) goes there on its first delivery: no retry could grant it.
/// </summary>
internal sealed class UserRegisteredConsumer(
    SimpleConsumer consumer,
    IServiceScopeFactory scopes,
    IGrantCrashPoints crashPoints,
    IOptions<PointsConsumerOptions> options,
    TimeProvider time,
    ILogger<UserRegisteredConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan ReceiveRetryDelay = TimeSpan.FromSeconds(1);

    // Bounds the grants of one message each, after a batch's statement failed: each holds a database connection.
    private readonly SemaphoreSlim _oneByOne = new(options.Value.MaxConcurrency);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // One batch is processed while the next is received and waits here: the consumer keeps
        // receiving while a batch is processed, yet never holds more than three batches.
        var batches = Channel.CreateBounded<IReadOnlyList<MessageView>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var processing = ProcessBatchesAsync(batches.Reader, stoppingToken);
        try
        {
            await ReceiveBatchesAsync(batches.Writer, settings, stoppingToken);
        }
        finally
        {
            batches.Writer.TryComplete();
            await processing;
        }
    }

    private async Task ReceiveBatchesAsync(ChannelWriter<IReadOnlyList<MessageView>> batches, PointsConsumerOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await consumer.ReceiveAsync(settings.BatchSize, settings.InvisibleDuration, stoppingToken);
                if (batch.Count > 0)
                {
                    await batches.WriteAsync(batch, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // Unacked messages come back to another instance after their invisible duration.
            }
            catch (RocketMqException exception)
            {
                GrantLog.ReceiveFailed(logger, ReceiveRetryDelay, exception);
                // A cancelled delay just ends the wait; the loop then sees the stopping token.
                await Task.Delay(ReceiveRetryDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Processes each message of a batch in its own process span, grants those that join the batch in
    /// one statement, then acks in one request those whose grant committed (or was a duplicate).
    /// </summary>
    private async Task ProcessBatchesAsync(ChannelReader<IReadOnlyList<MessageView>> batches, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in batches.ReadAllAsync(stoppingToken))
            {
                var grant = new GrantBatch(batch.Count);
                // Every message at once: until the statement, each only reads its body and passes its seam.
                var processed = batch.Select(async message =>
                {
                    // Whatever happens to the message, it leaves its place if it did not join: the batch waits for every place.
                    using var place = grant.TakePlace();
                    return await consumer.ProcessAsync(message, (processing, cancellationToken) => ProcessAsync(processing, place, cancellationToken), stoppingToken);
                }).ToArray();
                await grant.GrantAsync(GrantAsync, stoppingToken);
                var done = await Task.WhenAll(processed);
                await AckAsync([.. batch.Where((_, i) => done[i])], stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is not acked comes back after its invisible duration and is acked as a duplicate.
        }
    }

    private async Task AckAsync(IReadOnlyList<MessageView> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var result = await consumer.AckAsync(messages, cancellationToken);
        foreach (var failure in result.Failures)
        {
            GrantLog.AckFailed(logger, failure.Message.MessageId, failure.Exception);
        }
    }

    /// <summary>The statement of a batch, in a scope (and a database connection) of its own.</summary>
    private async Task<IReadOnlySet<Guid>> GrantAsync(IReadOnlyList<PendingGrant> grants, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PointsGrant>().GrantAsync(grants, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            GrantLog.BatchFailed(logger, grants.Count, exception.Message);
            throw;
        }
    }

    /// <summary>
    /// Processes one message, inside the client's process span; true when it is done with and must be
    /// acked. Its grant joins the batch's statement through its <paramref name="place"/>.
    /// </summary>
    private async ValueTask<bool> ProcessAsync(MessageProcessing processing, GrantBatch.Place place, CancellationToken cancellationToken)
    {
        var message = processing.Message;
        using var messageScope = PointsTelemetry.BeginMessage(logger, message);
        try
        {
            return await HandleAsync(message, processing, place, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: left unacked.
        }
#pragma warning disable CA1031 // One message must not stop the consumer: whatever else escapes leaves it unacked, as a crash would.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            processing.Fail(exception);
            GrantLog.Unexpected(logger, message.MessageId, exception);
        }

        return false;
    }

    private async Task<bool> HandleAsync(MessageView message, MessageProcessing processing, GrantBatch.Place place, CancellationToken cancellationToken)
    {
        UserRegisteredMessage registered;
        try
        {
            registered = UserRegisteredMessage.Parse(message);
        }
        catch (PoisonMessageException exception)
        {
            place.Dispose(); // out of the batch now: its statement need not wait for this message's retry
            return await RetryPoisonAsync(message, processing, exception, cancellationToken);
        }

        using var registrationScope = RegistrationIds.Begin(logger, registered.RegistrationId, registered.UserId);
        bool granted;
        try
        {
            granted = await GrantAsync(new PendingGrant(registered, message.MessageId), processing, place, cancellationToken);
        }
        catch (PoisonMessageException exception)
        {
            // A readable message can still be one no retry will grant (the dashboard's poison-next-message fault makes one).
            return await RetryPoisonAsync(message, processing, exception, cancellationToken);
        }
        catch (PostgresException exception) when (exception.IsDataException())
        {
            // Before the general case: this refusal is of the message's own values, not an outage.
            return await DeadLetterRefusedAsync(message, registered, processing, exception, cancellationToken);
        }
        catch (DbException exception)
        {
            // The grant is one raw statement: a refusal, a lost connection or a database that is down all come as the provider's DbException.
            processing.Fail(exception);
            GrantLog.GrantFailed(logger, registered.RegistrationId, message.MessageId, message.DeliveryAttempt, options.Value.RetryDelay(message.DeliveryAttempt), exception);
            await RetryLaterAsync(message, cancellationToken);
            return false;
        }

        if (granted)
        {
            PointsTelemetry.Granted(registered, time.GetUtcNow());
            GrantLog.Granted(logger, registered.Points, registered.UserId, registered.RegistrationId, message.MessageId);
        }
        else
        {
            GrantLog.Duplicate(logger, registered.RegistrationId, message.MessageId, message.DeliveryAttempt);
        }

        try
        {
            await crashPoints.ReachedAsync(GrantStep.AfterGrantCommit, registered, cancellationToken);
        }
        catch (SimulatedCrashBeforeAck crash)
        {
            // Armed on purpose from the dashboard, so the log says which fault did it rather than
            // calling it unexpected; the span still fails, as the crash it stands for would leave it.
            processing.Fail(crash);
            GrantLog.CrashedBeforeAck(logger, crash.Fault.Name, message.MessageId, registered.RegistrationId);
            return false;
        }

        return true; // acked with the rest of its batch, after this commit
    }

    /// <summary>
    /// Passes the BeforeGrant seam, then grants the message with its batch; if the batch's statement
    /// failed, grants it alone, so that a failure of its own (values the database refuses) or of the
    /// database meets the handling above. A message stopped at the seam is not in the batch.
    /// </summary>
    private async Task<bool> GrantAsync(PendingGrant grant, MessageProcessing processing, GrantBatch.Place place, CancellationToken cancellationToken)
    {
        try
        {
            await crashPoints.ReachedAsync(GrantStep.BeforeGrant, grant.Registration, cancellationToken);
        }
        catch
        {
            place.Dispose(); // out of the batch now: its statement need not wait for this message's handling
            throw;
        }

        try
        {
            return await place.JoinAsync(grant, processing.Activity);
        }
#pragma warning disable CA1031 // Whatever failed the batch is logged once for it; this message's own failure, if it has one, shows below.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
        }

        await _oneByOne.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PointsGrant>().GrantAsync(grant.Registration, grant.MessageId, cancellationToken);
        }
        finally
        {
            _oneByOne.Release();
        }
    }

    public override void Dispose()
    {
        _oneByOne.Dispose();
        base.Dispose();
    }

    /// <summary>Retries a poison message anyway (with the backoff), so that it ends in the dead-letter queue where people look.</summary>
    private async Task<bool> RetryPoisonAsync(MessageView message, MessageProcessing processing, PoisonMessageException exception, CancellationToken cancellationToken)
    {
        processing.Fail(exception);
        GrantLog.Poison(logger, message.MessageId, message.DeliveryAttempt, exception.Message);
        await RetryLaterAsync(message, cancellationToken);
        return false;
    }

    /// <summary>
    /// The database refused the message's values (SQLSTATE class 22): every delivery would fail the
    /// same way, so it goes to the dead-letter queue now rather than after the max attempts. If the
    /// broker cannot take it there, it is retried as any failed grant, and still ends there.
    /// </summary>
    private async Task<bool> DeadLetterRefusedAsync(
        MessageView message, UserRegisteredMessage registered, MessageProcessing processing, PostgresException exception, CancellationToken cancellationToken)
    {
        processing.Fail(exception, $"The database refused the message's content (SQLSTATE {exception.SqlState}): no retry can succeed, so it is dead-lettered.");
        GrantLog.ContentRefused(logger, registered.RegistrationId, message.MessageId, message.DeliveryAttempt, exception.SqlState, exception);
        try
        {
            await consumer.ForwardToDeadLetterQueueAsync(message, cancellationToken);
        }
        catch (RocketMqException forwarding)
        {
            GrantLog.DeadLetterNotForwarded(logger, message.MessageId, options.Value.RetryDelay(message.DeliveryAttempt), forwarding);
            await RetryLaterAsync(message, cancellationToken);
        }

        return false; // the broker acked it as it moved it
    }

    private async Task RetryLaterAsync(MessageView message, CancellationToken cancellationToken)
    {
        try
        {
            await consumer.ChangeInvisibleDurationAsync(message, options.Value.RetryDelay(message.DeliveryAttempt), cancellationToken);
        }
        catch (RocketMqException exception)
        {
            GrantLog.RetryNotScheduled(logger, message.MessageId, exception);
        }
    }
}
