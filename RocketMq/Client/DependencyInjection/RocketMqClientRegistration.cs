using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PointsDemo.RocketMq.Internal.Lifecycle;

namespace PointsDemo.RocketMq;

/// <summary>
/// What every client registration of the integration does: read the connection's settings, register
/// the client (keyed or not) with its options checked at start and a hosted service that starts and
/// stops it, and add the connection's health check and the telemetry sources once.
/// </summary>
internal static class RocketMqClientRegistration
{
    // Marks in IHostApplicationBuilder.Properties of what was added once per builder.
    private const string HealthCheckMark = "PointsDemo.RocketMq.HealthCheck.";
    private const string TracingMark = "PointsDemo.RocketMq.Tracing";
    private const string MetricsMark = "PointsDemo.RocketMq.Metrics";

    /// <summary>The name of the health check of a connection; every client on it is probed by it.</summary>
    public static string HealthCheckName(string connectionName) => $"RocketMq_{connectionName}";

    /// <summary>
    /// The name of the <see cref="RocketMqOptions"/> of a client: one per client, since each
    /// registration reads the settings with its own delegate, even on a connection another client shares.
    /// </summary>
    public static string ConnectionOptionsName<TClient>(string? serviceKey) => $"{typeof(TClient).Name}:{serviceKey}";

    public static void Add<TOptions, TValidator, TClient>(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<RocketMqClientSettings>? configureSettings,
        Action<TOptions>? configureClient,
        Func<IServiceProvider, RocketMqOptions, TOptions, TClient> create,
        Func<TClient, CancellationToken, Task> start)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TClient : class, IAsyncDisposable, IBrokerProbe
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(TClient) && Equals(d.ServiceKey, serviceKey)))
        {
            throw new InvalidOperationException(serviceKey is null
                ? $"A {typeof(TClient).Name} is already registered; add further ones with a key (AddKeyedRocketMq{typeof(TClient).Name})."
                : $"A {typeof(TClient).Name} with the key '{serviceKey}' is already registered.");
        }

        var connection = RocketMqClientConfiguration.Read(builder.Configuration, connectionName, ConnectionOptionsName<TClient>(serviceKey), configureSettings);
        services.AddSingleton<IConfigureOptions<RocketMqOptions>>(connection);
        services.AddSingleton<IValidateOptions<RocketMqOptions>>(connection);
        services.AddOptions<RocketMqOptions>(connection.OptionsName).ValidateOnStart();

        // The client's own options are named by its key, so the application can add to them with the options pattern.
        var clientOptionsName = serviceKey ?? Options.DefaultName;
        var clientOptions = services.AddOptions<TOptions>(clientOptionsName);
        if (configureClient is not null)
        {
            clientOptions.Configure(configureClient);
        }

        clientOptions.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // A null key registers the client without one.
        services.AddKeyedSingleton(serviceKey, (sp, _) => create(
            sp,
            sp.GetRequiredService<IOptionsMonitor<RocketMqOptions>>().Get(connection.OptionsName),
            sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(clientOptionsName)));

        // Not AddHostedService: it adds one service per implementation type, and keyed clients share theirs.
        services.AddSingleton<IHostedService>(sp => new RocketMqClientHostedService<TClient>(sp.GetRequiredKeyedService<TClient>(serviceKey), start));

        if (!connection.Settings.DisableHealthChecks)
        {
            AddHealthCheck<TClient>(builder, connectionName, serviceKey);
        }

        // Through the OpenTelemetry API only: the application's own set-up (ServiceDefaults) decides
        // whether and where telemetry is exported; these calls add the client's sources to it.
        if (!connection.Settings.DisableTracing && builder.Properties.TryAdd(TracingMark, true))
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(RocketMqDiagnostics.Name));
        }

        if (!connection.Settings.DisableMetrics && builder.Properties.TryAdd(MetricsMark, true))
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(RocketMqDiagnostics.Name));
        }
    }

    /// <summary>
    /// Puts the client among the probes of its connection's check, and adds that check when it is
    /// the connection's first: a producer and a consumer on one connection make one check that probes both.
    /// </summary>
    private static void AddHealthCheck<TClient>(IHostApplicationBuilder builder, string connectionName, string? serviceKey)
        where TClient : class, IBrokerProbe
    {
        var name = HealthCheckName(connectionName);
        builder.Services.AddKeyedSingleton<IBrokerProbe>(name, (sp, _) => sp.GetRequiredKeyedService<TClient>(serviceKey));
        if (builder.Properties.TryAdd(HealthCheckMark + name, true))
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                name,
                sp => new RocketMqHealthCheck(sp.GetKeyedServices<IBrokerProbe>(name)),
                HealthStatus.Unhealthy,
                tags: null));
        }
    }
}
