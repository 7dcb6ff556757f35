using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>
/// Keeps what is logged, so tests can see what the cluster and its server said; optionally acts
/// on each message as it arrives, so a test can step in at a precise moment.
/// </summary>
public sealed class RecordingLogger(Action<string>? onMessage = null) : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public bool Saw(string text) => _entries.Any(entry => entry.Message.Contains(text, StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        _entries.Enqueue((logLevel, message));
        onMessage?.Invoke(message);
    }
}
