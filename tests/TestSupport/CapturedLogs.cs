using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PointsDemo.TestSupport;

/// <summary>A logger provider that keeps every line it is given, for a test that reads what a service logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    /// <summary>The lines so far, in the order they were written.</summary>
    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) =>
        new LineLogger(categoryName, LogLevel.Trace, (level, category, text, exception) => _lines.Enqueue(new LogLine(level, category, text, exception)));

    public void Dispose()
    {
    }
}

/// <summary>One log line: its level, category, formatted message and exception.</summary>
public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})")}";
}
