using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>docker-compose.yml: valid for Compose, ordered by health, loopback-only, secrets from .env.</summary>
public sealed class ComposeFileTests
{
    private static readonly string[] DotnetServices = ["user-service", "points-service"];

    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public async Task Docker_compose_accepts_the_file_with_the_documented_env_file()
    {
        var run = await DockerCompose.RunAsync(Repository.PathOf(".env.example"), "config", "-q");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Without_a_password_in_the_env_file_docker_compose_refuses_and_says_what_to_do()
    {
        // Everything else the file needs is there: only the password is missing.
        var run = await DockerCompose.WithEnvFileAsync(
            ["ROCKETMQ_ACCESS_KEY=pointsdemo", "ROCKETMQ_SECRET_KEY=secret"],
            envFile => DockerCompose.RunAsync(envFile, "config", "-q"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("copy .env.example to .env and set POSTGRES_PASSWORD", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_env_file_with_the_password_is_not_committed()
    {
        Assert.Contains(".env", File.ReadAllLines(Repository.PathOf(".gitignore")));
        Assert.Contains(".env", File.ReadAllLines(Repository.PathOf(".dockerignore")));
    }

    [Fact]
    public void Every_published_port_is_bound_to_loopback()
    {
        var ports = _compose.ServiceNames.SelectMany(service => _compose.Sequence(service, "ports")).ToList();

        Assert.NotEmpty(ports);
        Assert.All(ports, port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_mounted_file_is_in_the_repository()
    {
        var mounts = _compose.ServiceNames
            .SelectMany(service => _compose.Sequence(service, "volumes"))
            .Select(volume => volume.Split(':')[0])
            .ToList();

        Assert.NotEmpty(mounts);
        Assert.All(mounts, source => Assert.True(File.Exists(Repository.PathOf(source)), $"{source} is mounted but missing"));
    }

    [Fact]
    public void The_services_start_after_the_database_is_healthy_and_the_topic_exists()
    {
        foreach (var service in DotnetServices)
        {
            var dependsOn = _compose.DependsOn(service);
            Assert.Equal("service_healthy", dependsOn["postgres"]);
            Assert.Equal("service_healthy", dependsOn["rocketmq-proxy"]);
        }

        // The proxy creates its heartbeat topic on a registered broker when it starts, and exits if
        // it cannot: it starts once the init step, which succeeds only then, has completed.
        Assert.Equal("service_completed_successfully", _compose.DependsOn("rocketmq-proxy")["rocketmq-init"]);
        Assert.Equal("service_started", _compose.DependsOn("rocketmq-init")["rocketmq-broker"]);
        Assert.Equal("service_started", _compose.DependsOn("rocketmq-broker")["rocketmq-namesrv"]);
    }

    [Fact]
    public void Whatever_is_waited_for_as_healthy_has_a_health_check()
    {
        var awaitedHealthy = _compose.ServiceNames
            .SelectMany(service => _compose.DependsOn(service))
            .Where(dependency => dependency.Value == "service_healthy")
            .Select(dependency => dependency.Key)
            .Distinct()
            .ToList();

        Assert.Equal(["postgres", "rocketmq-proxy"], awaitedHealthy.Order());
        Assert.All(awaitedHealthy, service => Assert.True(_compose.HasHealthCheck(service), $"{service} has no healthcheck"));
    }

    [Fact]
    public void The_broker_is_small_and_the_init_declares_the_transaction_topic_and_group()
    {
        Assert.Contains("-Xmx512m", _compose.Environment("rocketmq-broker")["JAVA_OPT_EXT"], StringComparison.Ordinal);

        var init = _compose.Environment("rocketmq-init");
        Assert.Equal("user-registered:TRANSACTION", init["ROCKETMQ_TOPICS"]);
        Assert.Equal("points-service", init["ROCKETMQ_GROUPS"]);
    }

    [Fact]
    public void Of_the_rocketmq_containers_only_the_proxy_is_published_and_the_name_server_not_even_exposed()
    {
        var rocketmq = _compose.ServiceNames.Where(service => service.StartsWith("rocketmq-", StringComparison.Ordinal)).ToList();

        Assert.Equal(["rocketmq-proxy"], rocketmq.Where(service => _compose.Sequence(service, "ports").Count > 0));
        Assert.Equal(["127.0.0.1:8081:8081"], _compose.Sequence("rocketmq-proxy", "ports"));
        Assert.Empty(_compose.Sequence("rocketmq-namesrv", "expose"));
    }

    [Fact]
    public void The_proxy_runs_in_cluster_mode_on_its_own_so_its_routes_name_the_address_the_client_dialled()
    {
        var broker = _compose.Shape("rocketmq-broker").CommandLine;
        var proxy = _compose.Shape("rocketmq-proxy").CommandLine;
        using var proxyConfiguration = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rocketmq/rmq-proxy.json")));
        var settings = proxyConfiguration.RootElement;
        var brokerConfiguration = JavaProperties.Load(Repository.PathOf("deploy/rocketmq/broker.conf"));

        Assert.DoesNotContain("--enable-proxy", broker);
        Assert.Equal(["sh", "mqbroker", "-c", "/home/rocketmq/rendered/broker.conf"], broker.Skip(2));
        Assert.Equal(["sh", "mqproxy", "-pc", "/home/rocketmq/rendered/rmq-proxy.json"], proxy.Skip(2));
        Assert.Equal("cluster", settings.GetProperty("proxyMode").GetString());
        Assert.True(settings.GetProperty("useEndpointPortFromRequest").GetBoolean());
        Assert.Equal(8081, settings.GetProperty("grpcServerPort").GetInt32());
        Assert.Equal(brokerConfiguration["brokerClusterName"], settings.GetProperty("rocketMQClusterName").GetString());
        Assert.Equal("rocketmq-namesrv:9876", _compose.Environment("rocketmq-proxy")["NAMESRV_ADDR"]);
    }

    [Fact]
    public void The_broker_checks_back_every_five_seconds_in_both_compose_and_the_AppHost()
    {
        // One broker.conf, mounted by both (DockerModeModelTests compares the mounts).
        var settings = JavaProperties.Load(Repository.PathOf("deploy/rocketmq/broker.conf"));

        Assert.Equal("5000", settings["transactionCheckInterval"]);
        Assert.Contains($"{Repository.PathOf("deploy/rocketmq/broker.conf")}:/home/rocketmq/broker.conf:ro", _compose.Shape("rocketmq-broker").Mounts);
    }

    [Fact]
    public void The_services_send_telemetry_to_the_dashboard_as_otlp_http_protobuf()
    {
        foreach (var service in DotnetServices)
        {
            var environment = _compose.Environment(service);
            Assert.Equal("http://dashboard:18890", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
            Assert.Equal(service, environment["OTEL_SERVICE_NAME"]);
            Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        }
    }
}
