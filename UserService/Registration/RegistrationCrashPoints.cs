namespace PointsDemo.UserService.Registration;

/// <summary>The points of the registration flow where a process can die; the end-to-end tests crash it there.</summary>
internal enum RegistrationStep
{
    /// <summary>Nothing sent, nothing stored.</summary>
    BeforeHalfMessage,

    /// <summary>The half message is on the broker; the local transaction has not run.</summary>
    AfterHalfMessage,

    /// <summary>The user and the barrier row are committed; the message is not.</summary>
    AfterLocalCommit,
}

/// <summary>
/// Called as the registration passes each <see cref="RegistrationStep"/>. Does nothing in production;
/// tests replace it to throw, the way a crash would end the flow there.
/// </summary>
internal interface IRegistrationCrashPoints
{
    ValueTask ReachedAsync(RegistrationStep step, CancellationToken cancellationToken);
}

/// <summary>The production seam: no crashes.</summary>
internal sealed class NoRegistrationCrashes : IRegistrationCrashPoints
{
    public ValueTask ReachedAsync(RegistrationStep step, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
