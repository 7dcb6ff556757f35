using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Validation;

namespace PointsDemo.RocketMq;

/// <summary>
/// Registers RocketMQ clients as singletons started and stopped with the host, on the options that
/// <see cref="RocketMqClientExtensions.AddRocketMqClient"/> registers (see its example).
/// </summary>
public static class RocketMqServiceCollectionExtensions
{
    /// <summary>
    /// Registers the application's <see cref="Producer"/> (a singleton started with the host). Needs
    /// <see cref="RocketMqClientExtensions.AddRocketMqClient"/>; add a checker for transactional
    /// topics with <see cref="RocketMqProducerBuilder.AddTransactionChecker{TChecker}"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Declares the topics (and the send attempts).</param>
    public static RocketMqProducerBuilder AddRocketMqProducer(this IServiceCollection services, Action<ProducerOptions> configure)
    {
        services.AddClient<ProducerOptions, ProducerOptionsValidator, Producer>(
            configure,
            (sp, options, clientOptions) => new Producer(
                options, clientOptions, sp.GetService<ITransactionChecker>(), sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()),
            static (producer, ct) => producer.StartAsync(ct));
        return new RocketMqProducerBuilder(services);
    }

    /// <summary>
    /// Registers the application's <see cref="SimpleConsumer"/> (a singleton started with the host).
    /// Needs <see cref="RocketMqClientExtensions.AddRocketMqClient"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the consumer group, subscriptions and await duration.</param>
    public static IServiceCollection AddRocketMqSimpleConsumer(this IServiceCollection services, Action<SimpleConsumerOptions> configure) =>
        services.AddClient<SimpleConsumerOptions, SimpleConsumerOptionsValidator, SimpleConsumer>(
            configure,
            (sp, options, clientOptions) => new SimpleConsumer(options, clientOptions, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()),
            static (consumer, ct) => consumer.StartAsync(ct));

    /// <summary>A client's options (validated at start), the client as a singleton, and the hosted service that starts and stops it.</summary>
    private static IServiceCollection AddClient<TOptions, TValidator, TClient>(
        this IServiceCollection services,
        Action<TOptions> configure,
        Func<IServiceProvider, RocketMqOptions, TOptions, TClient> create,
        Func<TClient, CancellationToken, Task> start)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TClient : class, IAsyncDisposable
    {
        services.AddOptions<TOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(sp => create(
            sp, sp.GetRequiredService<IOptions<RocketMqOptions>>().Value, sp.GetRequiredService<IOptions<TOptions>>().Value));
        services.AddSingleton(sp => (IBrokerProbe)(object)sp.GetRequiredService<TClient>());
        services.AddHostedService(sp => new RocketMqClientHostedService<TClient>(sp.GetRequiredService<TClient>(), start));
        return services;
    }
}
