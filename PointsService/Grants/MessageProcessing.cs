using System.Diagnostics;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Grants;

/// <summary>Processing one message: its consumer span, its log scope and its <c>messaging.process.duration</c>.</summary>
internal sealed class MessageProcessing(Activity? activity, IDisposable? scope, string topic, string consumerGroup) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private string? _errorType;

    /// <summary>
    /// The processing failed: the span's status (<paramref name="description"/>, or else the
    /// exception's message) and <c>error.type</c> say why.
    /// </summary>
    public void Fail(Exception exception, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _errorType = exception.GetType().FullName;
        activity?.SetStatus(ActivityStatusCode.Error, description ?? exception.Message)
            .SetTag(MessagingAttributes.ErrorType, _errorType)
            .AddException(exception);
    }

    public void Dispose()
    {
        var tags = new TagList
        {
            { MessagingAttributes.System, MessagingAttributes.SystemValue },
            { MessagingAttributes.DestinationName, topic },
            { MessagingAttributes.OperationName, MessagingAttributes.Process },
            { MessagingAttributes.ConsumerGroup, consumerGroup },
        };
        if (_errorType is not null)
        {
            tags.Add(MessagingAttributes.ErrorType, _errorType);
        }

        PointsTelemetry.RecordProcessDuration(Stopwatch.GetElapsedTime(_started), tags);
        scope?.Dispose();
        activity?.Dispose();
    }
}
