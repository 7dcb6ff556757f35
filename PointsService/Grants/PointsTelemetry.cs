using System.Diagnostics;
using System.Diagnostics.Metrics;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Grants;

/// <summary>
/// The service's own telemetry, named after the application (ServiceDefaults listens to that
/// Meter and ActivitySource): the message's log scope, the batch's <c>grant</c> span, and the time from a
/// registration to its points. The processing span itself, with its messaging attributes and
/// <c>messaging.process.duration</c>, is the RocketMQ client's (<see cref="SimpleConsumer.ProcessAsync{TResult}"/>).
/// </summary>
internal static class PointsTelemetry
{
    /// <summary>The Meter and ActivitySource name.</summary>
    public const string Name = "PointsService";

    private static readonly Meter Meter = new(Name);

    private static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Histogram<double> RegistrationToPoints = Meter.CreateHistogram<double>(
        "pointsdemo.registration_to_points.duration",
        "s",
        "From the registration (the message's registeredAt, UserService's clock) to the commit of its points grant (this service's clock).");

    private static readonly Func<ILogger, string, int, IDisposable?> MessageScope =
        LoggerMessage.DefineScope<string, int>("Message {MessageId} (attempt {DeliveryAttempt})");

    /// <summary>A log scope carrying the message's id and delivery attempt.</summary>
    public static IDisposable? BeginMessage(ILogger logger, MessageView message) => MessageScope(logger, message.MessageId, message.DeliveryAttempt);

    /// <summary>Records the registration-to-points latency of a grant that committed at <paramref name="grantedAt"/>.</summary>
    public static void Granted(UserRegisteredMessage registered, DateTimeOffset grantedAt) =>
        // Two services' clocks: a small skew must not become a negative latency.
        RegistrationToPoints.Record(Math.Max(0, (grantedAt - registered.RegisteredAt).TotalSeconds));

    /// <summary>
    /// Starts the <c>grant</c> span of a batch's statement, linked to the <c>process</c> span of each
    /// message in it; null when nobody listens.
    /// </summary>
    public static Activity? StartGrant(IReadOnlyCollection<ActivityContext> processSpans)
    {
        // A message whose process span is not recorded (no listener, or sampled out) has nothing to link
        // to that an exporter would show; it is still counted.
        var links = processSpans.Where(context => (context.TraceFlags & ActivityTraceFlags.Recorded) != 0).Select(context => new ActivityLink(context)).ToList();
        var span = ActivitySource.StartActivity(ActivityKind.Internal, links: links, name: "grant");
        span?.SetTag(MessagingAttributes.BatchCount, processSpans.Count);
        return span;
    }
}
