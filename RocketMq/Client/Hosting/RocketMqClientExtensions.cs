using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PointsDemo.RocketMq;

/// <summary>
/// Adds the application's connection to RocketMQ the way Aspire's client integrations add theirs
/// (<c>AddRabbitMQClient("messaging")</c>): configuration from the orchestrator's connection
/// string, a health check, tracing and metrics. The clients come on top of it:
/// <code>
/// builder.AddRocketMqClient("rocketmq");
/// builder.Services.AddRocketMqProducer(o => o.Topics.Add("user-registered"))
///     .AddTransactionChecker&lt;RegistrationTransactionChecker&gt;();
/// builder.Services.AddRocketMqSimpleConsumer(o =>
/// {
///     o.ConsumerGroup = "points-service";
///     o.Subscriptions["user-registered"] = "UserRegistered";
/// });
/// </code>
/// </summary>
public static class RocketMqClientExtensions
{
    /// <summary>The name of the health check that asks the broker for the clients' topic routes.</summary>
    public const string HealthCheckName = "rocketmq";

    /// <summary>
    /// Registers the <see cref="RocketMqOptions"/> every producer and consumer of the application
    /// shares. They bind from the <c>RocketMq</c> configuration section; then
    /// <c>ConnectionStrings:&lt;connectionName&gt;</c>, when present, sets what it names over them:
    /// a bare list of endpoints (<c>host:port[;host:port]</c>), or key=value pairs
    /// (<c>Endpoints=host:port[,host:port]</c>, optional <c>EnableTls</c>, <c>AccessKey</c>,
    /// <c>SecretKey</c>, <c>Namespace</c>); then <paramref name="configureSettings"/>. They are
    /// validated when the host starts: without an endpoint the start fails, naming both keys.
    /// Unless the settings disable them, it also adds the <c>rocketmq</c> health check (the broker
    /// answers the route query of every topic the clients use) and registers the client's
    /// ActivitySource and Meter (<see cref="RocketMqDiagnostics.Name"/>) with OpenTelemetry.
    /// Call it once.
    /// </summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="connectionName">The connection string's name (the orchestrator's resource name, e.g. <c>rocketmq</c>).</param>
    /// <param name="configureSettings">
    /// Adjusts the settings after configuration is read. It also decides, at registration, which of the
    /// health check, tracing and metrics are added, so it may run more than once: only set values in it.
    /// </param>
    public static IHostApplicationBuilder AddRocketMqClient(
        this IHostApplicationBuilder builder, string connectionName, Action<RocketMqOptions>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var services = builder.Services;
        var configuration = new RocketMqClientConfiguration(builder.Configuration, connectionName, configureSettings);
        services.AddSingleton<IConfigureOptions<RocketMqOptions>>(configuration);
        services.AddSingleton<IValidateOptions<RocketMqOptions>>(configuration);
        services.AddOptions<RocketMqOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Which parts to add is decided now, as Aspire's integrations decide it, from the section and the delegate.
        var switches = new RocketMqOptions();
        builder.Configuration.GetSection(RocketMqOptions.SectionName).Bind(switches);
        configureSettings?.Invoke(switches);
        if (!switches.DisableHealthChecks && !services.Any(d => d.ServiceType == typeof(RocketMqHealthCheck)))
        {
            services.AddSingleton<RocketMqHealthCheck>();
            services.AddHealthChecks().AddCheck<RocketMqHealthCheck>(HealthCheckName, HealthStatus.Unhealthy);
        }

        // Through the OpenTelemetry API only: the application's own set-up (ServiceDefaults) decides
        // whether and where telemetry is exported; these calls add the client's sources to it.
        if (!switches.DisableTracing)
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(RocketMqDiagnostics.Name));
        }

        if (!switches.DisableMetrics)
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(RocketMqDiagnostics.Name));
        }

        return builder;
    }
}
