using System.Diagnostics;
using PointsDemo.RocketMq.Internal.Diagnostics;

namespace PointsDemo.RocketMq;

/// <summary>
/// One message being processed by the handler given to
/// <see cref="SimpleConsumer.ProcessAsync{TResult}(MessageView, Func{MessageProcessing, CancellationToken, ValueTask{TResult}}, CancellationToken)"/>:
/// the message, and the way to record that its processing failed when the handler deals with the
/// failure itself instead of throwing (a message it will retry later, or dead-letter).
/// </summary>
public sealed class MessageProcessing
{
    private readonly MessagingActivity _span;

    internal MessageProcessing(MessageView message, MessagingActivity span)
    {
        Message = message;
        _span = span;
    }

    /// <summary>The message being processed.</summary>
    public MessageView Message { get; }

    /// <summary>
    /// The <c>process</c> span, for the application's own attributes; null when nobody listens to
    /// <see cref="RocketMqDiagnostics.Name"/>. It is also <see cref="Activity.Current"/> while the handler runs.
    /// </summary>
    public Activity? Activity => _span.Activity;

    /// <summary>True once <see cref="Fail"/> was called, or the handler threw.</summary>
    public bool HasFailed { get; private set; }

    /// <summary>
    /// Records that the processing failed: the span's status becomes Error, described by
    /// <paramref name="description"/> (or else the exception's message), and <c>error.type</c> on the
    /// span and on <c>messaging.process.duration</c> names the exception's type (a
    /// <see cref="RocketMqException"/>'s code). Called again, the last failure wins.
    /// </summary>
    /// <param name="exception">Why the processing failed.</param>
    /// <param name="description">What the span's status says, when the exception's message does not say it well.</param>
    public void Fail(Exception exception, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        HasFailed = true;
        _span.Fail(exception, description);
    }
}
