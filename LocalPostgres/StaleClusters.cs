using Microsoft.Extensions.Logging;

namespace PointsDemo.LocalPostgres;

/// <summary>
/// Removes the folders that earlier runs left behind when they crashed before stopping their
/// cluster: a folder whose owning process is gone. Its server may still run (it does not die with
/// its parent), so that is stopped first. Folders of running processes are never touched, so
/// concurrent test runs and AppHosts sharing the base folder leave each other alone.
/// </summary>
internal static class StaleClusters
{
    public static async Task RemoveAsync(string baseFolder, ServerControl control, TimeSpan stopTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateDirectories(baseFolder, ClusterFolder.NamePrefix + "*"))
        {
            if (ClusterFolder.OwnerOf(path) is not { } owner || ProcessState.IsRunning(owner))
            {
                continue;
            }

            var folder = new ClusterFolder(path);
            try
            {
                if (folder.PostmasterProcessId() is { } postmaster && ProcessState.IsRunning(postmaster, "postgres"))
                {
                    ClusterLog.StoppingOrphan(logger, postmaster, path, owner);
                    if (!await control.StopAsync(folder, stopTimeout, cancellationToken))
                    {
                        ClusterLog.StaleNotRemoved(logger, path, $"its server (process {postmaster}) did not stop");
                        continue;
                    }
                }

                folder.Delete();
                ClusterLog.RemovedStale(logger, path, owner);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Another user's folder, or one a concurrent run is removing: not a reason to fail this start.
                ClusterLog.StaleNotRemoved(logger, path, error.Message);
            }
        }
    }
}
