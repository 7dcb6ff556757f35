using System.Diagnostics;

namespace PointsDemo.PointsService.Grants;

/// <summary>Processing one message: its consumer span, its log scope and its <c>messaging.process.duration</c>.</summary>
internal sealed class MessageProcessing(Activity? activity, IDisposable? scope, string topic, string consumerGroup) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private string? _errorType;

    /// <summary>The processing failed (the message is left for a redelivery): the span's status and <c>error.type</c> say why.</summary>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _errorType = exception.GetType().FullName;
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message)
            .SetTag(MessagingTags.ErrorType, _errorType)
            .AddException(exception);
    }

    public void Dispose()
    {
        var tags = new TagList
        {
            { MessagingTags.System, MessagingTags.SystemValue },
            { MessagingTags.DestinationName, topic },
            { MessagingTags.OperationName, MessagingTags.Process },
            { MessagingTags.ConsumerGroup, consumerGroup },
        };
        if (_errorType is not null)
        {
            tags.Add(MessagingTags.ErrorType, _errorType);
        }

        PointsTelemetry.RecordProcessDuration(Stopwatch.GetElapsedTime(_started), tags);
        scope?.Dispose();
        activity?.Dispose();
    }
}

/// <summary>The OpenTelemetry messaging attribute names the processing span and duration use.</summary>
internal static class MessagingTags
{
    public const string System = "messaging.system";
    public const string SystemValue = "rocketmq";
    public const string DestinationName = "messaging.destination.name";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string MessageId = "messaging.message.id";
    public const string ConsumerGroup = "messaging.consumer.group.name";
    public const string ErrorType = "error.type";
    public const string Process = "process";
}
