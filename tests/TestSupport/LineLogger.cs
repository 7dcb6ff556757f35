using Microsoft.Extensions.Logging;

namespace PointsDemo.TestSupport;

/// <summary>
/// An <see cref="ILogger"/> that turns each enabled entry into one line for a sink of the tests'
/// (a test's output, xunit's diagnostic messages): the sink decides the line's shape.
/// </summary>
public sealed class LineLogger(string category, LogLevel minimumLevel, Action<LogLevel, string, string, Exception?> writeLine) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            writeLine(logLevel, category, formatter(state, exception), exception);
        }
    }
}

/// <summary>Hands every category's enabled entries, one line each, to a sink of the tests'.</summary>
public sealed class LineLoggerProvider(LogLevel minimumLevel, Action<LogLevel, string, string, Exception?> writeLine) : ILoggerProvider
{
    /// <summary>A provider that writes each entry to <paramref name="writer"/> as one timestamped line.</summary>
    public static LineLoggerProvider WritingTo(TextWriter writer, LogLevel minimumLevel = LogLevel.Trace) =>
        new(minimumLevel, (level, category, message, exception) => writer.WriteLine(
            $"{DateTime.Now:HH:mm:ss.fff} {level,-11} {category}: {message}{(exception is null ? "" : $"{Environment.NewLine}{exception}")}"));

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, minimumLevel, writeLine);

    public void Dispose()
    {
    }
}
