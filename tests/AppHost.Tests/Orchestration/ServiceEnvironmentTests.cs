using PointsDemo.AppHost.Resources;

namespace PointsDemo.AppHost.Tests.Orchestration;

public sealed class ServiceEnvironmentTests
{
    private static readonly ServiceWiring UserService = new(
        "user-service",
        new Uri("http://localhost:5101"),
        new Dictionary<string, string> { ["usersdb"] = "Host=127.0.0.1;Port=5432;Database=usersdb" },
        "127.0.0.1:8081",
        new Uri("http://localhost:18890"),
        new Dictionary<string, Uri> { ["points-service"] = new("http://localhost:5102") });

    [Fact]
    public void A_service_gets_aspire_style_configuration()
    {
        var environment = ServiceEnvironment.For(UserService, "user-service-1");

        Assert.Equal("http://localhost:5101", environment["ASPNETCORE_URLS"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Host=127.0.0.1;Port=5432;Database=usersdb", environment["ConnectionStrings__usersdb"]);
        Assert.Equal("127.0.0.1:8081", environment["RocketMq__Endpoints"]);
        Assert.Equal("false", environment["RocketMq__EnableTls"]);
        Assert.Equal("user-service", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=user-service-1", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://localhost:18890", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("http://localhost:5102", environment["services__points-service__http__0"]);
    }

    [Fact]
    public void Every_trace_is_recorded_unless_a_share_is_asked_for()
    {
        var every = ServiceEnvironment.For(UserService, "u");
        var tenth = ServiceEnvironment.For(UserService with { TraceSampling = 0.1 }, "u");

        Assert.Equal("always_on", every["OTEL_TRACES_SAMPLER"]);
        Assert.False(every.ContainsKey("OTEL_TRACES_SAMPLER_ARG"));
        Assert.Equal("parentbased_traceidratio", tenth["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("0.1", tenth["OTEL_TRACES_SAMPLER_ARG"]);
    }

    [Fact]
    public void The_apphosts_own_urls_environment_and_telemetry_settings_are_not_inherited()
    {
        var inherited = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin",
            ["ASPNETCORE_URLS"] = "http://localhost:1",
            ["DOTNET_LAUNCH_PROFILE"] = "http",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x=y",
            ["ConnectionStrings__pointsdb"] = "Host=elsewhere",
        };

        ServiceEnvironment.Apply(inherited, ServiceEnvironment.For(UserService, "u"));

        Assert.Equal("/usr/bin", inherited["PATH"]);
        Assert.Equal("http://localhost:5101", inherited["ASPNETCORE_URLS"]);
        Assert.False(inherited.ContainsKey("DOTNET_LAUNCH_PROFILE"));
        Assert.False(inherited.ContainsKey("OTEL_EXPORTER_OTLP_HEADERS"));
        Assert.False(inherited.ContainsKey("ConnectionStrings__pointsdb"));
    }
}
