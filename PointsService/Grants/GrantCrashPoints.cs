namespace PointsDemo.PointsService.Grants;

/// <summary>The points of the grant where a process can die; the end-to-end tests crash it there.</summary>
internal enum GrantStep
{
    /// <summary>The grant is written but its transaction not committed.</summary>
    BeforeGrantCommit,

    /// <summary>The grant is committed; the message is not acked.</summary>
    AfterGrantCommit,
}

/// <summary>
/// Called as a grant passes each <see cref="GrantStep"/>. Does nothing in production; tests replace
/// it to throw, the way a crash would end the flow there.
/// </summary>
internal interface IGrantCrashPoints
{
    ValueTask ReachedAsync(GrantStep step, CancellationToken cancellationToken);
}

/// <summary>The production seam: no crashes.</summary>
internal sealed class NoGrantCrashes : IGrantCrashPoints
{
    public ValueTask ReachedAsync(GrantStep step, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
