using System.Diagnostics.CodeAnalysis;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace PointsDemo.UserService.Faults;

/// <summary>Ends the process as a crash would. An interface, so a test can watch the exit rather than suffer it.</summary>
internal interface IProcessExit
{
    [DoesNotReturn]
    void Exit(string reason);
}

/// <summary>
/// <see cref="Environment.FailFast(string)"/>: no graceful shutdown, no goodbye to the broker, no
/// answer to the caller, as when a process is killed. The telemetry recorded so far is flushed
/// first: the log line saying why is what people look for in the dashboard, and a batch not yet
/// exported dies with the process.
/// </summary>
internal sealed class CrashingProcessExit(IServiceProvider services) : IProcessExit
{
    private const int FlushTimeoutMilliseconds = 2000;

    [DoesNotReturn]
    public void Exit(string reason)
    {
        services.GetService<LoggerProvider>()?.ForceFlush(FlushTimeoutMilliseconds);
        services.GetService<TracerProvider>()?.ForceFlush(FlushTimeoutMilliseconds);
        Environment.FailFast(reason);
    }
}
