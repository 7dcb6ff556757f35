using Microsoft.Extensions.Logging;

namespace PointsDemo.LocalPostgres;

internal static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL ready on 127.0.0.1:{Port} after {ElapsedMs} ms (binaries {BinFolder}, folder {Folder}, server user {ServerUser})")]
    public static partial void Ready(ILogger logger, int port, long elapsedMs, string binFolder, string folder, string serverUser);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL on port {Port} stopped; folder {Folder} removed")]
    public static partial void Stopped(ILogger logger, int port, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port} was taken before PostgreSQL could bind it; trying another port")]
    public static partial void PortTaken(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL (process {ProcessId}) did not stop; folder {Folder} is left for the next run's clean-up")]
    public static partial void DidNotStop(ILogger logger, int processId, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the cluster folder {Folder}: {Reason}")]
    public static partial void FolderNotRemoved(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping PostgreSQL (process {ProcessId}) left running in {Folder} by process {OwnerProcessId}, which is gone")]
    public static partial void StoppingOrphan(ILogger logger, int processId, string folder, int ownerProcessId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the stale cluster folder {Folder} of process {OwnerProcessId}, which is gone")]
    public static partial void RemovedStale(ILogger logger, string folder, int ownerProcessId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the stale cluster folder {Folder}: {Reason}")]
    public static partial void StaleNotRemoved(ILogger logger, string folder, string reason);
}
