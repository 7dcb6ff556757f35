using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>Keeps what is logged, so tests can see what the cluster and its server said.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public bool Saw(string text) => _entries.Any(entry => entry.Message.Contains(text, StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}
