using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace PointsDemo.Bench.Chaos;

/// <summary>
/// Counts UserService's check-back answers by outcome from its console log, as the AppHost forwards
/// it: the log survives every kill and restart of the process that wrote it, where its metrics do not.
/// </summary>
internal sealed partial class CheckBackLog : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Outcomes => new SortedDictionary<string, int>(_outcomes, StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => new Reader(this, categoryName.Contains(".Resources.user-service", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private void Read(string line)
    {
        if (Answer().Match(line) is { Success: true } match)
        {
            _outcomes.AddOrUpdate(match.Groups["outcome"].Value, 1, (_, count) => count + 1);
        }
    }

    // RegistrationLog.CheckAnswered: "Check-back for registration {id} (message {id}) found it {Outcome}".
    [GeneratedRegex(@"Check-back for registration \S+ \(message \S+\) found it (?<outcome>\w+)")]
    private static partial Regex Answer();

    private sealed class Reader(CheckBackLog log, bool isUserService) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => isUserService;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Read(formatter(state, exception));
    }
}
