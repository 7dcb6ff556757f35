using System.Diagnostics;

namespace PointsDemo.LocalPostgres;

/// <summary>Whether a process runs, optionally under a given program name.</summary>
internal static class ProcessState
{
    /// <summary>
    /// True when <paramref name="processId"/> runs (and, with <paramref name="programName"/>, is that
    /// program: the name guards against a recycled process id before a server is signalled).
    /// </summary>
    public static bool IsRunning(int processId, string? programName = null)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited && (programName is null || process.ProcessName == programName);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
