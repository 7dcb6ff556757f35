using System.Data.Common;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// The AppHost's docker mode and docker-compose.yml describe the same system: the same containers
/// with the same images, tags, command lines, ports, mounts, environment, health checks and start
/// order, and the same settings, ports and order for the services. Docker mode cannot run here, so
/// its model is built without being started and compared with the file, and neither can drift.
/// </summary>
public sealed partial class DockerModeModelTests : IAsyncLifetime
{
    // Compose runs the dashboard as a container of its own; the AppHost starts it itself, outside its model.
    private const string ComposeDashboard = "dashboard";

    private static readonly string[] DotnetServices = ["points-service", "user-service"];

    private readonly ComposeFile _compose = ComposeFile.Load();
    private DockerModeModel? _model;

    private static readonly string[] ContainerNames = ["postgres", "rocketmq-namesrv", "rocketmq-broker", "rocketmq-init", "rocketmq-proxy"];

    // Only the AppHost keeps the broker's store on a volume, which this step prepares: it replaces
    // a container that is restarted, where compose restarts the same container.
    private const string StoreInit = "rocketmq-store-init";

    // The variables the AppHost gives a resource for its own dashboard; compose's differ in value
    // (the dashboard is a container there). The RocketMQ containers' are compared on their own.
    private const string OtlpVariablePrefix = "OTEL_";

    public static TheoryData<string> Containers => [.. ContainerNames];

    public static TheoryData<string> Services => [.. DotnetServices];

    private DockerModeModel Model => _model ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync() => _model = await DockerModeModel.BuildAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }

    [Fact]
    public void Both_run_the_same_containers_and_services()
    {
        var composeContainers = _compose.ServiceNames.Except([ComposeDashboard, .. DotnetServices]).Order();

        Assert.Equal(composeContainers, Model.Containers.Select(c => c.Name).Except([StoreInit]).Order());
        Assert.Contains(StoreInit, Model.Containers.Select(c => c.Name));
        Assert.Equal(ContainerNames.Order(), composeContainers);
        Assert.Equal(DotnetServices, Model.Projects.Select(p => p.Name).Order());
        Assert.Contains("aspire-dashboard", _compose.Shape(ComposeDashboard).Image, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Containers))]
    public async Task A_container_has_the_same_image_command_line_ports_mounts_and_environment(string name)
    {
        var fromCompose = _compose.Shape(name);
        var fromModel = await Model.ShapeAsync((ContainerResource)Model.Resource(name), TestContext.Current.CancellationToken);

        Assert.Equal(fromCompose.Image, fromModel.Image);
        Assert.Equal(fromCompose.CommandLine, fromModel.CommandLine);
        Assert.Equal(fromCompose.ContainerPorts, fromModel.ContainerPorts);
        Assert.Equal(fromCompose.Mounts.Where(m => !IsDatabaseInitScript(m)), fromModel.Mounts);
        Assert.Equal(WithoutOtlp(fromCompose.Environment), WithoutOtlp(fromModel.Environment));
        Assert.Equal(
            fromCompose.Environment.Keys.Any(key => key.StartsWith(OtlpVariablePrefix, StringComparison.Ordinal)),
            fromModel.Environment.Keys.Any(key => key.StartsWith(OtlpVariablePrefix, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Containers))]
    public void A_container_starts_after_the_same_ones_and_is_checked_for_health_alike(string name)
    {
        var fromCompose = _compose.Shape(name);

        Assert.Equal(fromCompose.DependsOn.OrderBy(d => d.Key), DockerModeModel.DependsOn(Model.Resource(name)).Where(d => d.Key != StoreInit).OrderBy(d => d.Key));
        Assert.Equal(fromCompose.HasHealthCheck, Model.Resource(name).Annotations.OfType<HealthCheckAnnotation>().Any());
    }

    [Fact]
    public void The_databases_compose_creates_are_the_ones_the_AppHost_adds()
    {
        var script = File.ReadAllText(Repository.PathOf("deploy/postgres/create-databases.sql"));
        var created = CreateDatabase().Matches(script).Select(m => m.Groups["name"].Value).Order();
        var mounted = _compose.Shape("postgres").Mounts.Single(IsDatabaseInitScript);

        Assert.Equal(Model.Databases.Select(d => d.DatabaseName).Order(), created);
        Assert.StartsWith(Repository.PathOf("deploy/postgres/create-databases.sql") + ":", mounted, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_gets_the_same_connection_strings_port_and_start_order(string name)
    {
        var project = Model.Resource(name);
        var fromModel = await Model.EnvironmentAsync(project, TestContext.Current.CancellationToken);
        var fromCompose = _compose.Environment(name).ToDictionary(pair => pair.Key, pair => ComposeFile.Resolve(pair.Value));

        var connectionStrings = fromCompose.Keys.Where(key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(connectionStrings, fromModel.Keys.Where(key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order());
        foreach (var key in connectionStrings)
        {
            Assert.Equal(Pairs(fromCompose[key]), Pairs(fromModel[key]));
        }

        var http = project.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        Assert.Equal(_compose.HostPort(name, 8080), http.Port);
        Assert.Equal(
            _compose.DependsOn(name).Where(d => d.Key != ComposeDashboard).OrderBy(d => d.Key),
            DockerModeModel.DependsOn(project).OrderBy(d => d.Key));
    }

    [Theory]
    [InlineData("rocketmq-broker")]
    [InlineData("rocketmq-init")]
    [InlineData("rocketmq-proxy")]
    public async Task The_broker_the_init_step_and_the_proxy_get_the_resources_own_key_pair(string name)
    {
        var rocketmq = (RocketMqResource)Model.Resource("rocketmq");
        var environment = await Model.EnvironmentValuesAsync(Model.Resource(name), TestContext.Current.CancellationToken);

        Assert.Same(rocketmq.AccessKey, environment["ROCKETMQ_ACCESS_KEY"]);
        Assert.Same(rocketmq.SecretKey, environment["ROCKETMQ_SECRET_KEY"]);
        Assert.True(rocketmq.SecretKey!.Secret);
    }

    [Theory]
    [InlineData("rocketmq-broker")]
    [InlineData("rocketmq-proxy")]
    public async Task The_broker_and_the_proxy_export_their_metrics_to_the_dashboards_otlp_grpc_endpoint(string name)
    {
        var fromModel = await Model.EnvironmentAsync(Model.Resource(name), TestContext.Current.CancellationToken);
        var fromCompose = _compose.Environment(name);

        // with-settings.sh turns these into metricsExporterType = OTLP_GRPC and metricsGrpcExporterTarget.
        Assert.Equal("grpc", fromModel["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("grpc", fromCompose["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.StartsWith("http", fromModel["OTEL_EXPORTER_OTLP_ENDPOINT"], StringComparison.Ordinal);
        // Compose's dashboard takes OTLP/gRPC on 18889, as the AppHost's own dashboard does.
        Assert.Equal("http://dashboard:18889", fromCompose["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Contains("127.0.0.1:18889:18889", _compose.Sequence(ComposeDashboard, "ports"));
        using var launchSettings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repository.PathOf("AppHost/Properties/launchSettings.json")));
        var dashboardGrpc = launchSettings.RootElement.GetProperty("profiles").GetProperty("http").GetProperty("environmentVariables").GetProperty("ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL").GetString();
        Assert.Equal(18889, new Uri(dashboardGrpc!).Port);
    }

    [Theory]
    [InlineData("rocketmq-namesrv")]
    [InlineData("rocketmq-init")]
    [InlineData(StoreInit)]
    public async Task The_other_rocketmq_containers_export_nothing(string name)
    {
        var fromModel = await Model.EnvironmentAsync(Model.Resource(name), TestContext.Current.CancellationToken);

        Assert.DoesNotContain(fromModel.Keys, key => key.StartsWith(OtlpVariablePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_AppHost_keeps_the_brokers_store_on_a_volume_that_a_root_step_prepares_once_per_run()
    {
        var broker = (ContainerResource)Model.Resource("rocketmq-broker");
        var storeInit = (ContainerResource)Model.Resource(StoreInit);
        var storeFolder = JavaProperties.Load(Repository.PathOf("deploy/rocketmq/broker.conf"))["storePathRootDir"];

        var brokerStore = Assert.Single(broker.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        var preparedStore = Assert.Single(storeInit.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        Assert.Equal(storeFolder, brokerStore.Target);
        Assert.False(brokerStore.IsReadOnly);
        Assert.Equal((brokerStore.Source, brokerStore.Target), (preparedStore.Source, preparedStore.Target));

        var shape = await Model.ShapeAsync(storeInit, TestContext.Current.CancellationToken);
        Assert.Equal(["bash", "/home/rocketmq/prepare-store.sh", storeFolder, "rocketmq:rocketmq"], shape.CommandLine);
        Assert.Equal([$"{Repository.PathOf("deploy/rocketmq/prepare-store.sh")}:/home/rocketmq/prepare-store.sh:ro"], shape.Mounts);
        Assert.Equal(["--user", "0:0"], await RuntimeArgumentsAsync(storeInit));
        Assert.Equal(ServiceShape.Completed, DockerModeModel.DependsOn(broker)[StoreInit]);

        // Compose restarts the same container, whose own file system keeps the store.
        Assert.DoesNotContain(_compose.Shape("rocketmq-broker").Mounts, mount => mount.Contains($":{storeFolder}", StringComparison.Ordinal));
    }

    // The image runs *.sql files in /docker-entrypoint-initdb.d once; the AppHost creates the same databases itself.
    private static bool IsDatabaseInitScript(string mount) => mount.Contains(":/docker-entrypoint-initdb.d/", StringComparison.Ordinal);

    private static IEnumerable<KeyValuePair<string, string>> WithoutOtlp(IReadOnlyDictionary<string, string> environment) =>
        environment.Where(e => !e.Key.StartsWith(OtlpVariablePrefix, StringComparison.Ordinal)).OrderBy(e => e.Key);

    private static async Task<List<string>> RuntimeArgumentsAsync(ContainerResource container)
    {
        var arguments = new List<object>();
        var context = new ContainerRuntimeArgsCallbackContext(arguments, TestContext.Current.CancellationToken);
        foreach (var callback in container.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. arguments.Select(argument => argument.ToString()!)];
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.Keys.Cast<string>().Select(key => KeyValuePair.Create(key.ToLowerInvariant(), builder[key].ToString()!)).OrderBy(p => p.Key);
    }

    [GeneratedRegex(@"CREATE DATABASE (?<name>\w+);")]
    private static partial Regex CreateDatabase();
}
