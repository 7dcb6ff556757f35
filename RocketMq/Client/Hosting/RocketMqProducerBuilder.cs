using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PointsDemo.RocketMq;

/// <summary>Configures the registered <see cref="Producer"/> further.</summary>
/// <param name="services">The application's services.</param>
public sealed class RocketMqProducerBuilder(IServiceCollection services)
{
    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>
    /// Registers the checker that answers the producer's transaction check-backs, as a singleton
    /// resolved from the container; it creates its own scopes (e.g. for a DbContext) per check.
    /// </summary>
    /// <typeparam name="TChecker">The checker.</typeparam>
    public RocketMqProducerBuilder AddTransactionChecker<TChecker>()
        where TChecker : class, ITransactionChecker
    {
        Services.RemoveAll<ITransactionChecker>();
        Services.AddSingleton<ITransactionChecker, TChecker>();
        return this;
    }
}
