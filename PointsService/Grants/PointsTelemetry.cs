using System.Diagnostics;
using System.Diagnostics.Metrics;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// The service's spans and instruments, named after the application (ServiceDefaults listens to
/// that ActivitySource and Meter). Processing a message is a consumer span parented by the trace
/// context the message carries, so a registration is one trace from the HTTP request to the grant's
/// database writes.
/// </summary>
internal static class PointsTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "PointsService";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>(
        "messaging.process.duration", "s", "Duration of processing one user-registered message, from its receipt to its ack or retry.");

    private static readonly Histogram<double> RegistrationToPoints = Meter.CreateHistogram<double>(
        "pointsdemo.registration_to_points.duration",
        "s",
        "From the registration (the message's registeredAt, UserService's clock) to the commit of its points grant (this service's clock).");

    private static readonly Func<ILogger, string, int, IDisposable?> MessageScope =
        LoggerMessage.DefineScope<string, int>("Message {MessageId} (attempt {DeliveryAttempt})");

    private static readonly Func<ILogger, Guid, Guid, IDisposable?> RegistrationScope =
        LoggerMessage.DefineScope<Guid, Guid>("Registration {RegistrationId} of user {UserId}");

    /// <summary>Starts the span, the timing and the log scope of processing <paramref name="message"/>.</summary>
    public static MessageProcessing StartProcessing(MessageView message, string consumerGroup, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(message);
        var activity = Source.StartActivity($"process {message.Topic}", ActivityKind.Consumer, message.TraceContext ?? default);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingAttributes.System, MessagingAttributes.SystemValue)
                .SetTag(MessagingAttributes.OperationType, MessagingAttributes.Process)
                .SetTag(MessagingAttributes.OperationName, MessagingAttributes.Process)
                .SetTag(MessagingAttributes.DestinationName, message.Topic)
                .SetTag(MessagingAttributes.MessageId, message.MessageId)
                .SetTag(MessagingAttributes.ConsumerGroup, consumerGroup)
                .SetTag("messaging.rocketmq.client_group", consumerGroup)
                .SetTag("messaging.rocketmq.message.tag", message.Tag)
                .SetTag("messaging.rocketmq.message.keys", message.Keys.ToArray())
                .SetTag("messaging.rocketmq.message.delivery_attempt", message.DeliveryAttempt);
        }

        return new MessageProcessing(activity, MessageScope(logger, message.MessageId, message.DeliveryAttempt), message.Topic, consumerGroup);
    }

    /// <summary>A log scope carrying the registration's ids, and the same ids on the current span.</summary>
    public static IDisposable? BeginRegistration(ILogger logger, UserRegisteredMessage registered)
    {
        Activity.Current?.SetTag("pointsdemo.registration.id", registered.RegistrationId)
            .SetTag("pointsdemo.user.id", registered.UserId);
        return RegistrationScope(logger, registered.RegistrationId, registered.UserId);
    }

    /// <summary>Records the registration-to-points latency of a grant that committed at <paramref name="grantedAt"/>.</summary>
    public static void Granted(UserRegisteredMessage registered, DateTimeOffset grantedAt) =>
        // Two services' clocks: a small skew must not become a negative latency.
        RegistrationToPoints.Record(Math.Max(0, (grantedAt - registered.RegisteredAt).TotalSeconds));

    internal static void RecordProcessDuration(TimeSpan elapsed, TagList tags) => ProcessDuration.Record(elapsed.TotalSeconds, tags);
}
