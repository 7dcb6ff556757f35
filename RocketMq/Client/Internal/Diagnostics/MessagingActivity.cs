using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Diagnostics;

/// <summary>
/// One traced and timed client operation: a span named "<c>{operation} {destination}</c>" with the
/// messaging attributes, and a <c>messaging.client.operation.duration</c> measurement when it ends
/// (or another duration, see <see cref="MeasuredAs"/>).
/// </summary>
internal sealed class MessagingActivity : IDisposable
{
    private static readonly ConcurrentDictionary<(string Operation, string Destination), string> SpanNames = new();

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly string _operationName;
    private readonly string _destination;
    private Histogram<double> _duration = MessagingInstruments.OperationDuration;
    private string? _consumerGroup;
    private string? _errorType;

    private MessagingActivity(Activity? activity, string operationName, string destination)
    {
        Activity = activity;
        _operationName = operationName;
        _destination = destination;
    }

    /// <summary>The span, or null when nobody listens.</summary>
    public Activity? Activity { get; }

    public static MessagingActivity Start(
        string operationName,
        string operationType,
        ActivityKind kind,
        string destination,
        Endpoint endpoint,
        string clientId,
        ActivityContext parent = default,
        IEnumerable<ActivityLink>? links = null)
    {
        // Nobody listening (tracing off): no span, and no name to build for it.
        var activity = RocketMqDiagnostics.ActivitySource.HasListeners()
            ? RocketMqDiagnostics.ActivitySource.StartActivity(kind, parent, links: links, name: SpanName(operationName, destination))
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingAttributes.System, MessagingAttributes.SystemValue);
            activity.SetTag(MessagingAttributes.DestinationName, destination);
            activity.SetTag(MessagingAttributes.OperationType, operationType);
            activity.SetTag(MessagingAttributes.OperationName, operationName);
            activity.SetTag(MessagingAttributes.ClientId, clientId);
            activity.SetTag(MessagingAttributes.ServerAddress, endpoint.Host);
            activity.SetTag(MessagingAttributes.ServerPort, endpoint.Port);
        }

        return new MessagingActivity(activity, operationName, destination);
    }

    /// <summary>"<c>{operation} {destination}</c>", built once per pair: a client has a handful of each.</summary>
    private static string SpanName(string operationName, string destination) =>
        SpanNames.GetOrAdd((operationName, destination), static key => $"{key.Operation} {key.Destination}");

    /// <summary>
    /// Measures the span into <paramref name="duration"/>, with the consumer group among the
    /// measurement's attributes, instead of <c>messaging.client.operation.duration</c>: a consumer's
    /// processing of a message is the application's work, not a call of the client's.
    /// </summary>
    public MessagingActivity MeasuredAs(Histogram<double> duration, string consumerGroup)
    {
        _duration = duration;
        _consumerGroup = consumerGroup;
        return this;
    }

    public MessagingActivity SetTag(string name, object? value)
    {
        if (Activity is { IsAllDataRequested: true } && value is not null)
        {
            Activity.SetTag(name, value);
        }

        return this;
    }

    /// <summary>Records the message's identity (id, tag, keys) on the span.</summary>
    public MessagingActivity SetMessage(string messageId, string? tag, IReadOnlyList<string> keys) =>
        SetTag(MessagingAttributes.MessageId, messageId)
            .SetTag(MessagingAttributes.Tag, tag)
            .SetTag(MessagingAttributes.Keys, keys.Count > 0 ? keys.ToArray() : null);

    /// <summary>
    /// Keeps the span out of the exported traces (its duration is still measured): an idle long
    /// poll returns nothing every await duration, and a trace per empty poll would bury the
    /// registrations people look for. Exporters skip spans whose Recorded flag is clear.
    /// </summary>
    public void Discard()
    {
        if (Activity is not null)
        {
            Activity.IsAllDataRequested = false;
            Activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>
    /// Marks the operation failed: <c>error.type</c> on the span and the measurement, the span's
    /// status described by <paramref name="description"/> (the exception's message by default).
    /// </summary>
    public void Fail(Exception exception, string? description = null)
    {
        _errorType = exception is RocketMqException { Code: not RocketMqStatusCode.Unspecified } rocketMq
            ? rocketMq.Code.ToString()
            : exception.GetType().FullName;
        if (Activity is not null)
        {
            Activity.SetStatus(ActivityStatusCode.Error, description ?? exception.Message);
            Activity.SetTag(MessagingAttributes.ErrorType, _errorType);
            Activity.AddException(exception);
        }
    }

    public void Dispose()
    {
        var tags = MessagingInstruments.MessageTags(_destination, _operationName, _consumerGroup);
        if (_errorType is not null)
        {
            tags.Add(MessagingAttributes.ErrorType, _errorType);
        }

        _duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        Activity?.Dispose();
    }
}
