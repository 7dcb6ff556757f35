using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace PointsDemo.LocalPostgres;

/// <summary>
/// The server's log lines (its stderr): forwarded to the logger at a level that matches the
/// server's severity, and the last ones kept to explain a failed start.
/// </summary>
internal sealed partial class ServerLog(ILogger logger)
{
    private const int KeptLines = 100;

    private readonly ConcurrentQueue<string> _recent = new();
    private LogLevel _lastLevel = LogLevel.Information;

    public void Add(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        _recent.Enqueue(line);
        while (_recent.Count > KeptLines && _recent.TryDequeue(out _))
        {
        }

        var level = LevelOf(line);
        ServerLine(logger, level, line);
    }

    public IReadOnlyList<string> Recent => [.. _recent];

    public bool Mentions(string text) => _recent.Any(line => line.Contains(text, StringComparison.Ordinal));

    // A line reads "[pid] SEVERITY:  message" (log_line_prefix is set to "[%p] "; lines written while
    // the settings are read still carry the default time prefix, hence the unanchored match). FATAL ends one
    // session, not the server ("the database system is shutting down", a client's wrong password),
    // and ERROR is a failed statement, often one a test provokes on purpose: both are warnings here.
    // DETAIL, HINT, CONTEXT and STATEMENT lines belong to the line before them.
    private LogLevel LevelOf(string line)
    {
        var severity = SeverityPattern().Match(line);
        if (!severity.Success)
        {
            return _lastLevel;
        }

        var level = severity.Groups["severity"].Value switch
        {
            "PANIC" => LogLevel.Critical,
            "FATAL" or "ERROR" or "WARNING" => LogLevel.Warning,
            "DETAIL" or "HINT" or "CONTEXT" or "STATEMENT" or "QUERY" or "LOCATION" => _lastLevel,
            var other when other.StartsWith("DEBUG", StringComparison.Ordinal) => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        _lastLevel = level;
        return level;
    }

    [GeneratedRegex(@"\b(?<severity>PANIC|FATAL|ERROR|WARNING|NOTICE|INFO|LOG|DEBUG[1-5]|DETAIL|HINT|CONTEXT|STATEMENT|QUERY|LOCATION):  ")]
    private static partial Regex SeverityPattern();

    [LoggerMessage(Message = "postgres: {ServerLine}")]
    private static partial void ServerLine(ILogger logger, LogLevel level, string serverLine);
}
