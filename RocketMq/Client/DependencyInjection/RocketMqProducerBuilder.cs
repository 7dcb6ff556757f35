using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PointsDemo.RocketMq;

/// <summary>
/// Configures a <see cref="Producer"/> that <c>AddRocketMqProducer</c> or <c>AddKeyedRocketMqProducer</c>
/// registered.
/// </summary>
public sealed class RocketMqProducerBuilder
{
    internal RocketMqProducerBuilder(IServiceCollection services, string? serviceKey)
    {
        Services = services;
        ServiceKey = serviceKey;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The producer's service key; null for the producer registered without one.</summary>
    public string? ServiceKey { get; }

    /// <summary>
    /// Registers the checker that answers this producer's transaction check-backs, as a singleton
    /// resolved from the container (keyed like the producer); it creates its own scopes (e.g. for a
    /// DbContext) per check. A second call replaces the first's checker.
    /// </summary>
    /// <typeparam name="TChecker">The checker.</typeparam>
    public RocketMqProducerBuilder AddTransactionChecker<TChecker>()
        where TChecker : class, ITransactionChecker
    {
        // A null key removes and adds the checker without a key.
        Services.RemoveAllKeyed<ITransactionChecker>(ServiceKey);
        Services.AddKeyedSingleton<ITransactionChecker, TChecker>(ServiceKey);
        return this;
    }
}
