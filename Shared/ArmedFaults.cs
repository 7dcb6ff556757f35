using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PointsDemo.Faults;

/// <summary>A fault a dashboard command arms: its name (the path segment of <c>POST /dev/faults/{name}</c>) and what it does.</summary>
/// <param name="Name">The command's name, e.g. <c>lose-next-commit</c>.</param>
/// <param name="Effect">What happens to the next registration, said to the person who armed it.</param>
/// <param name="Firing">What happens now, said in the log line of the registration it fires for.</param>
internal sealed record Fault(string Name, string Effect, string Firing);

/// <summary>
/// One service's faults, armed from the dashboard in Development and fired by the service's crash
/// seams, which each service's subclass implements in place of the no-op ones. A fault is one-shot:
/// it fires for the first registration made after it was armed that reaches its step, then it is disarmed.
/// </summary>
/// <remarks>
/// Arming a fault that is armed already leaves it armed once rather than counting: a dashboard
/// button gets clicked again when nothing seems to happen, and a second click must not break a
/// registration nobody meant to break. A registration already under way when the fault was armed
/// never fires it (its registration time, which PointsService reads from the message, is earlier),
/// so a fault cannot land in a request or a redelivery it was not armed for; and of concurrent
/// registrations only one can take it.
/// </remarks>
internal abstract class ArmedFaults(IReadOnlyList<Fault> known, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _armedAt = new(StringComparer.Ordinal);

    /// <summary>The faults of this service, as its commands list them.</summary>
    public IReadOnlyList<Fault> Known => known;

    /// <summary>Arms <paramref name="fault"/>; false when it was armed already (it still fires once).</summary>
    public bool Arm(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (!_armedAt.TryAdd(fault.Name, time.GetUtcNow()))
        {
            FaultLog.AlreadyArmed(logger, fault.Name);
            return false;
        }

        FaultLog.Armed(logger, fault.Name, fault.Effect);
        return true;
    }

    /// <summary>
    /// Takes <paramref name="fault"/> for the registration <paramref name="registrationId"/>, made at
    /// <paramref name="registeredAt"/>, when it was armed before that registration began. True for
    /// one caller only; that caller then does what the fault says.
    /// </summary>
    protected bool TryFire(Fault fault, Guid registrationId, DateTimeOffset registeredAt)
    {
        if (!_armedAt.TryGetValue(fault.Name, out var armedAt)
            || registeredAt < armedAt
            || !_armedAt.TryRemove(KeyValuePair.Create(fault.Name, armedAt)))
        {
            return false;
        }

        FaultLog.Fired(logger, fault.Name, registrationId, fault.Firing);
        return true;
    }
}

/// <summary>Registers a service's <see cref="ArmedFaults"/> as its crash seam.</summary>
internal static class ArmedFaultsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TFaults"/> once, as the <see cref="ArmedFaults"/> the commands
    /// arm and as the <typeparamref name="TSeam"/> the flow calls, replacing a seam registered before.
    /// </summary>
    public static IServiceCollection AddArmedFaults<TFaults, TSeam>(this IServiceCollection services)
        where TFaults : ArmedFaults, TSeam
        where TSeam : class
    {
        services.AddSingleton<TFaults>();
        services.AddSingleton<ArmedFaults>(sp => sp.GetRequiredService<TFaults>());
        services.Replace(ServiceDescriptor.Singleton<TSeam>(sp => sp.GetRequiredService<TFaults>()));
        return services;
    }
}
