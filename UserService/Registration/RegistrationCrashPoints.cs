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
/// Called as the registration passes each <see cref="RegistrationStep"/>, with the message it is
/// about. Does nothing in production. The end-to-end tests replace it to throw, the way a crash
/// would end the flow there; in Development the dashboard's fault commands arm it
/// (<c>Faults/RegistrationFaults.cs</c>). What it throws meets the flow's own handling: a
/// database exception at <see cref="RegistrationStep.AfterHalfMessage"/> is a failed local
/// transaction, a <c>RocketMqException</c> at <see cref="RegistrationStep.AfterLocalCommit"/> a
/// COMMIT that did not reach the broker; anything else ends the registration as a crash.
/// </summary>
internal interface IRegistrationCrashPoints
{
    ValueTask ReachedAsync(RegistrationStep step, UserRegisteredMessage registration, CancellationToken cancellationToken);
}

/// <summary>The production seam: no crashes.</summary>
internal sealed class NoRegistrationCrashes : IRegistrationCrashPoints
{
    public ValueTask ReachedAsync(RegistrationStep step, UserRegisteredMessage registration, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
