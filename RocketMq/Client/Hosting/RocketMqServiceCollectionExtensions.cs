using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Validation;

namespace PointsDemo.RocketMq;

/// <summary>
/// Registers RocketMQ clients as singletons started and stopped with the host:
/// <code>
/// builder.AddRocketMq();
/// builder.Services.AddRocketMqProducer(o => o.Topics.Add("user-registered"))
///     .AddTransactionChecker&lt;RegistrationTransactionChecker&gt;();
/// builder.Services.AddRocketMqSimpleConsumer(o =>
/// {
///     o.ConsumerGroup = "points-service";
///     o.Subscriptions["user-registered"] = "UserRegistered";
/// });
/// </code>
/// </summary>
public static class RocketMqServiceCollectionExtensions
{
    /// <summary>The name of the health check that asks the broker for the clients' topic routes.</summary>
    public const string HealthCheckName = "rocketmq";

    /// <summary>
    /// Binds <see cref="RocketMqOptions"/> from the <c>RocketMq</c> section of
    /// <paramref name="configuration"/> and validates them when the host starts, and adds the
    /// <c>rocketmq</c> health check (the broker answers for the topics of the registered clients).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration (the root; the section is found in it).</param>
    public static IServiceCollection AddRocketMq(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RocketMqOptions>().Bind(configuration.GetSection(RocketMqOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RocketMqOptions>, RocketMqOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(RocketMqHealthCheck)))
        {
            services.AddSingleton<RocketMqHealthCheck>();
            services.AddHealthChecks().AddCheck<RocketMqHealthCheck>(HealthCheckName, HealthStatus.Unhealthy, ["ready"]);
        }

        return services;
    }

    /// <summary>Binds and validates <see cref="RocketMqOptions"/> from the builder's configuration (<c>RocketMq</c> section).</summary>
    /// <param name="builder">The application's builder.</param>
    public static IHostApplicationBuilder AddRocketMq(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRocketMq(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Registers the application's <see cref="Producer"/> (a singleton started with the host). Needs
    /// <see cref="AddRocketMq(IServiceCollection, IConfiguration)"/>; add a checker for transactional
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
    /// Needs <see cref="AddRocketMq(IServiceCollection, IConfiguration)"/>.
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
