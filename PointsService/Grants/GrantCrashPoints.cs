namespace PointsDemo.PointsService.Grants;

/// <summary>The points of the grant where a process can die; the end-to-end tests crash it there.</summary>
internal enum GrantStep
{
    /// <summary>The message is received and read; nothing is written yet.</summary>
    BeforeGrant,

    /// <summary>The grant is committed; the message is not acked.</summary>
    AfterGrantCommit,
}

/// <summary>
/// Called as a grant passes each <see cref="GrantStep"/>, with the registration it is about. Does
/// nothing in production; tests replace it to throw, the way a crash would end the flow there.
/// </summary>
internal interface IGrantCrashPoints
{
    ValueTask ReachedAsync(GrantStep step, UserRegisteredMessage registration, CancellationToken cancellationToken);
}

/// <summary>The production seam: no crashes.</summary>
internal sealed class NoGrantCrashes : IGrantCrashPoints
{
    public ValueTask ReachedAsync(GrantStep step, UserRegisteredMessage registration, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
