using Microsoft.Extensions.Logging;
using Xunit.Sdk;
using Xunit.v3;

namespace PointsDemo.TestSupport;

/// <summary>
/// An <see cref="ILogger"/> that writes to xunit's diagnostic messages, the channel a fixture has
/// (no test is running to own output). Shown when diagnostic messages are enabled, e.g. by running
/// the test executable with <c>-diagnostics</c>.
/// </summary>
internal sealed class DiagnosticLogger(IMessageSink sink, string category, LogLevel minimumLevel) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var text = formatter(state, exception);
        sink.OnMessage(new DiagnosticMessage(exception is null ? $"[{category}] {text}" : $"[{category}] {text}{Environment.NewLine}{exception}"));
    }
}
