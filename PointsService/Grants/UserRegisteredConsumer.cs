using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// Receives "user registered" messages in batches and grants each one's points, a few at a time.
/// A message is acked only after its grant committed; a failed one is not acked but hidden for a
/// backoff that grows with its delivery attempt, and past the group's max attempts the broker moves
/// it to the dead-letter queue <c>%DLQ%points-service</c>.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = stoppingToken };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await consumer.ReceiveAsync(settings.BatchSize, settings.InvisibleDuration, stoppingToken);
                await Parallel.ForEachAsync(batch, parallel, ProcessAsync);
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

    private async ValueTask ProcessAsync(MessageView message, CancellationToken cancellationToken)
    {
        using var processing = PointsTelemetry.StartProcessing(message, consumer.ConsumerGroup, logger);
        try
        {
            await HandleAsync(message, processing, cancellationToken);
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
    }

    private async Task HandleAsync(MessageView message, MessageProcessing processing, CancellationToken cancellationToken)
    {
        UserRegisteredMessage registered;
        try
        {
            registered = UserRegisteredMessage.Parse(message);
        }
        catch (PoisonMessageException exception)
        {
            processing.Fail(exception);
            GrantLog.Poison(logger, message.MessageId, message.DeliveryAttempt, exception.Message);
            await RetryLaterAsync(message, cancellationToken);
            return;
        }

        using var registrationScope = PointsTelemetry.BeginRegistration(logger, registered);
        bool granted;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            granted = await scope.ServiceProvider.GetRequiredService<PointsGrant>().GrantAsync(registered, message.MessageId, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or DbUpdateException)
        {
            processing.Fail(exception);
            GrantLog.GrantFailed(logger, registered.RegistrationId, message.MessageId, message.DeliveryAttempt, options.Value.RetryDelay(message.DeliveryAttempt), exception);
            await RetryLaterAsync(message, cancellationToken);
            return;
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

        await crashPoints.ReachedAsync(GrantStep.AfterGrantCommit, registered, cancellationToken);
        try
        {
            await consumer.AckAsync(message, cancellationToken);
        }
        catch (RocketMqException exception)
        {
            GrantLog.AckFailed(logger, message.MessageId, exception);
        }
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
