using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq;
using PointsDemo.RocketMq.Internal.Validation;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Adds RocketMQ clients to an application the way .NET Aspire's client integrations add theirs:
/// the connection from the orchestrator's connection string, the client as a singleton started and
/// stopped with the host, a health check per connection, tracing and metrics.
/// <code>
/// builder.AddRocketMqProducer("rocketmq", configureProducer: producer => producer.Topics.Add("user-registered"))
///     .AddTransactionChecker&lt;RegistrationTransactionChecker&gt;();
/// builder.AddRocketMqSimpleConsumer("rocketmq", configureConsumer: consumer =>
/// {
///     consumer.ConsumerGroup = "points-service";
///     consumer.Subscriptions["user-registered"] = "UserRegistered";
/// });
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// Each call reads the connection's <see cref="RocketMqClientSettings"/>: the
/// <c>Aspire:RocketMq:Client</c> section, then <c>Aspire:RocketMq:Client:{connectionName}</c>, then
/// <c>ConnectionStrings:{connectionName}</c> (when present and not blank) for the connection string,
/// then <c>configureSettings</c>. The settings decide at once whether the health check, tracing and
/// metrics are added; the connection string and the client's options are checked when the host
/// starts, and a start without an endpoint fails naming <c>ConnectionStrings:{connectionName}</c> and
/// <c>Aspire:RocketMq:Client:ConnectionString</c>.
/// </para>
/// <para>
/// A broker that is down does not fail the start: the client logs a warning and keeps reconnecting.
/// The health check <c>RocketMq_{connectionName}</c> is unhealthy until every client on the
/// connection has its topics' routes answered by the broker.
/// </para>
/// </remarks>
public static class RocketMqClientExtensions
{
    /// <summary>Registers a <see cref="Producer"/> as a singleton started and stopped with the host.</summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="connectionName">The connection string's name (the orchestrator's resource name, e.g. <c>rocketmq</c>).</param>
    /// <param name="configureSettings">Adjusts the connection's settings after configuration is read.</param>
    /// <param name="configureProducer">
    /// Declares the topics (and the send attempts). The options are named options of the default name,
    /// so <c>services.AddOptions&lt;ProducerOptions&gt;()</c> can add to them too.
    /// </param>
    /// <returns>A builder that adds the transaction checker of the producer.</returns>
    public static RocketMqProducerBuilder AddRocketMqProducer(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<RocketMqClientSettings>? configureSettings = null,
        Action<ProducerOptions>? configureProducer = null) =>
        AddProducer(builder, connectionName, serviceKey: null, configureSettings, configureProducer);

    /// <summary>
    /// Registers a <see cref="Producer"/> as a keyed singleton (<paramref name="name"/> is its key, as
    /// for <c>[FromKeyedServices("name")]</c>) started and stopped with the host.
    /// </summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="name">The service key, and the connection string's name; the settings also come from <c>Aspire:RocketMq:Client:{name}</c>.</param>
    /// <param name="configureSettings">Adjusts the connection's settings after configuration is read.</param>
    /// <param name="configureProducer">Declares the topics (and the send attempts); named options of the name <paramref name="name"/>.</param>
    /// <returns>A builder that adds the transaction checker of this producer.</returns>
    public static RocketMqProducerBuilder AddKeyedRocketMqProducer(
        this IHostApplicationBuilder builder,
        string name,
        Action<RocketMqClientSettings>? configureSettings = null,
        Action<ProducerOptions>? configureProducer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return AddProducer(builder, name, name, configureSettings, configureProducer);
    }

    /// <summary>Registers a <see cref="SimpleConsumer"/> as a singleton started and stopped with the host.</summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="connectionName">The connection string's name (the orchestrator's resource name, e.g. <c>rocketmq</c>).</param>
    /// <param name="configureSettings">Adjusts the connection's settings after configuration is read.</param>
    /// <param name="configureConsumer">
    /// Sets the consumer group, subscriptions and await duration. The options are named options of the
    /// default name, so <c>services.AddOptions&lt;SimpleConsumerOptions&gt;()</c> can add to them too.
    /// </param>
    public static void AddRocketMqSimpleConsumer(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<RocketMqClientSettings>? configureSettings = null,
        Action<SimpleConsumerOptions>? configureConsumer = null) =>
        AddSimpleConsumer(builder, connectionName, serviceKey: null, configureSettings, configureConsumer);

    /// <summary>
    /// Registers a <see cref="SimpleConsumer"/> as a keyed singleton (<paramref name="name"/> is its key)
    /// started and stopped with the host.
    /// </summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="name">The service key, and the connection string's name; the settings also come from <c>Aspire:RocketMq:Client:{name}</c>.</param>
    /// <param name="configureSettings">Adjusts the connection's settings after configuration is read.</param>
    /// <param name="configureConsumer">Sets the consumer group, subscriptions and await duration; named options of the name <paramref name="name"/>.</param>
    public static void AddKeyedRocketMqSimpleConsumer(
        this IHostApplicationBuilder builder,
        string name,
        Action<RocketMqClientSettings>? configureSettings = null,
        Action<SimpleConsumerOptions>? configureConsumer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        AddSimpleConsumer(builder, name, name, configureSettings, configureConsumer);
    }

    private static RocketMqProducerBuilder AddProducer(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<RocketMqClientSettings>? configureSettings,
        Action<ProducerOptions>? configureProducer)
    {
        RocketMqClientRegistration.Add<ProducerOptions, ProducerOptionsValidator, Producer>(
            builder,
            connectionName,
            serviceKey,
            configureSettings,
            configureProducer,
            (sp, options, producerOptions) => new Producer(
                options,
                producerOptions,
                sp.GetKeyedService<ITransactionChecker>(serviceKey),
                sp.GetService<ILoggerFactory>(),
                sp.GetService<TimeProvider>()),
            static (producer, ct) => producer.StartAsync(ct));
        return new RocketMqProducerBuilder(builder.Services, serviceKey);
    }

    private static void AddSimpleConsumer(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<RocketMqClientSettings>? configureSettings,
        Action<SimpleConsumerOptions>? configureConsumer) =>
        RocketMqClientRegistration.Add<SimpleConsumerOptions, SimpleConsumerOptionsValidator, SimpleConsumer>(
            builder,
            connectionName,
            serviceKey,
            configureSettings,
            configureConsumer,
            static (sp, options, consumerOptions) => new SimpleConsumer(options, consumerOptions, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()),
            static (consumer, ct) => consumer.StartAsync(ct));
}
