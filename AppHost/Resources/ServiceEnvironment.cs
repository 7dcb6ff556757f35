namespace PointsDemo.AppHost.Resources;

/// <summary>What a service needs to know about the rest of the system, in Aspire's terms.</summary>
/// <remarks><c>TraceSampling</c> is the share of traces recorded: 1 (every one, as Aspire's local runs) unless the bench measures with less.</remarks>
internal sealed record ServiceWiring(
    string ServiceName,
    Uri Url,
    IReadOnlyDictionary<string, string> ConnectionStrings,
    string RocketMqEndpoints,
    Uri OtlpEndpoint,
    IReadOnlyDictionary<string, Uri> OtherServices,
    double TraceSampling = 1);

/// <summary>
/// The environment Aspire gives a project resource (hosting.md §2.2), so the services would run
/// unchanged under Aspire: connection strings, the RocketMq section, OTEL_* for the dashboard,
/// Development (where /health exists), and service discovery entries.
/// </summary>
internal static class ServiceEnvironment
{
    // The AppHost's own values of these must not leak into a service (Aspire drops them too).
    private static readonly string[] NotInherited = ["ASPNETCORE_", "DOTNET_LAUNCH_PROFILE", "DOTNET_ENVIRONMENT", "OTEL_", "ConnectionStrings__", "RocketMq__", "services__"];

    public static IReadOnlyDictionary<string, string> For(ServiceWiring wiring, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(wiring);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = wiring.Url.GetLeftPart(UriPartial.Authority),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["RocketMq__Endpoints"] = wiring.RocketMqEndpoints,
            ["RocketMq__EnableTls"] = "false",
            ["OTEL_SERVICE_NAME"] = wiring.ServiceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instanceId}",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = wiring.OtlpEndpoint.GetLeftPart(UriPartial.Authority),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Development settings Aspire uses so the dashboard feels live.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_TRACES_SAMPLER"] = wiring.TraceSampling >= 1 ? "always_on" : "parentbased_traceidratio",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
        };
        if (wiring.TraceSampling < 1)
        {
            // Parent-based: a registration's trace is kept or dropped where it starts (POST /users), and
            // PointsService's process span follows that decision through the message's trace context.
            environment["OTEL_TRACES_SAMPLER_ARG"] = wiring.TraceSampling.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, connectionString) in wiring.ConnectionStrings)
        {
            environment[$"ConnectionStrings__{name}"] = connectionString;
        }

        foreach (var (name, url) in wiring.OtherServices)
        {
            environment[$"services__{name}__http__0"] = url.GetLeftPart(UriPartial.Authority);
        }

        return environment;
    }

    /// <summary>Applies <paramref name="environment"/> over the inherited one, minus what a service must not inherit.</summary>
    public static void Apply(IDictionary<string, string?> inherited, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(inherited);
        foreach (var key in inherited.Keys.Where(k => NotInherited.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            inherited.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            inherited[key] = value;
        }
    }
}
