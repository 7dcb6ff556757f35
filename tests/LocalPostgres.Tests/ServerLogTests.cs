using Microsoft.Extensions.Logging;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>How the server's log lines reach the logger.</summary>
public sealed class ServerLogTests
{
    [Fact]
    public void Maps_the_servers_severities_to_log_levels_and_keeps_detail_lines_with_their_message()
    {
        var logger = new RecordingLogger();
        var log = new ServerLog(logger);

        log.Add("[101] LOG:  database system is ready to accept connections");
        log.Add("[102] FATAL:  password authentication failed for user \"postgres\"");
        log.Add("[102] DETAIL:  Connection matched pg_hba.conf line 100");
        log.Add("[103] ERROR:  duplicate key value violates unique constraint \"users_email_key\"");
        log.Add("[103] STATEMENT:  INSERT INTO users VALUES ($1)");
        log.Add("2026-11-24 11:21:06.441 GMT [104] FATAL:  0 is outside the valid range for parameter \"max_connections\"");
        log.Add("[105] PANIC:  could not write to file \"pg_wal/xlogtemp.105\": No space left on device");
        log.Add("[106] DEBUG1:  autovacuum: processing database \"postgres\"");
        log.Add("");
        log.Add(null);

        Assert.Equal(
            [LogLevel.Information, LogLevel.Warning, LogLevel.Warning, LogLevel.Warning, LogLevel.Warning, LogLevel.Warning, LogLevel.Critical, LogLevel.Debug],
            logger.Entries.Select(entry => entry.Level));
        Assert.Equal("postgres: [101] LOG:  database system is ready to accept connections", logger.Entries[0].Message);
    }

    [Fact]
    public void Keeps_the_last_hundred_lines_to_explain_a_failed_start()
    {
        var log = new ServerLog(new RecordingLogger());

        for (var i = 1; i <= 150; i++)
        {
            log.Add($"[1] LOG:  line {i}");
        }

        Assert.Equal(100, log.Recent.Count);
        Assert.Equal("[1] LOG:  line 150", log.Recent[^1]);
        Assert.Equal("[1] LOG:  line 51", log.Recent[0]);
        Assert.True(log.Mentions("line 51"));
        Assert.False(log.Mentions("line 50"));
    }
}
