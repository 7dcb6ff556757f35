using System.Diagnostics.CodeAnalysis;
using PointsDemo.UserService.Faults;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// The crash exit as tests have it: records that the process would have exited, and why, then ends
/// the registration with an exception no flow catches, as the exit would have ended it. The test
/// process itself lives on.
/// </summary>
internal sealed class ProcessExitRecorder : IProcessExit
{
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the reason of the first exit.</summary>
    public Task<string> Exited => _exited.Task;

    [DoesNotReturn]
    public void Exit(string reason)
    {
        _exited.TrySetResult(reason);
        throw new ProcessExitedException(reason);
    }
}

/// <summary>Where the process would have ended.</summary>
internal sealed class ProcessExitedException(string reason) : Exception(reason);
