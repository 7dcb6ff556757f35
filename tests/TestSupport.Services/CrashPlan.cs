using System.Collections.Concurrent;
using PointsDemo.PointsService.Grants;
using PointsDemo.UserService.Registration;
using GrantMessage = PointsDemo.PointsService.Grants.UserRegisteredMessage;
using RegistrationMessage = PointsDemo.UserService.Registration.UserRegisteredMessage;

namespace PointsDemo.TestSupport.Services;

/// <summary>Where in the flow a registration's process dies.</summary>
public enum CrashPoint
{
    None,
    BeforeHalfMessage,
    AfterHalfMessage,
    AfterLocalCommit,
    BeforeGrant,
    AfterGrantCommit,
}

/// <summary>Thrown at a planned crash point; no flow catches it, so it ends the flow as a crash would.</summary>
public sealed class SimulatedCrashException(CrashPoint point, string email) : Exception($"Simulated crash at {point} for {email}");

/// <summary>
/// Both services' crash seams: crashes each planned registration (by email) once, at its planned
/// point. The redelivery or check-back that follows finds no crash planned any more, as a restarted
/// process would.
/// </summary>
internal sealed class CrashPlan : IRegistrationCrashPoints, IGrantCrashPoints
{
    private readonly ConcurrentDictionary<string, CrashPoint> _planned = new(StringComparer.Ordinal);
    private int _crashes;

    public int Crashes => Volatile.Read(ref _crashes);

    public void CrashAt(string email, CrashPoint point)
    {
        if (point != CrashPoint.None)
        {
            _planned[email] = point;
        }
    }

    public ValueTask ReachedAsync(RegistrationStep step, RegistrationMessage registration, CancellationToken cancellationToken) =>
        Reach(registration.Email, Enum.Parse<CrashPoint>(step.ToString()));

    public ValueTask ReachedAsync(GrantStep step, GrantMessage registration, CancellationToken cancellationToken) =>
        Reach(registration.Email, Enum.Parse<CrashPoint>(step.ToString()));

    private ValueTask Reach(string? email, CrashPoint point)
    {
        if (email is not null && _planned.TryRemove(KeyValuePair.Create(email, point)))
        {
            Interlocked.Increment(ref _crashes);
            throw new SimulatedCrashException(point, email);
        }

        return ValueTask.CompletedTask;
    }
}
