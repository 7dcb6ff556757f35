using System.Runtime.Versioning;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// RocketMQ ignores a configuration key it does not read, without a word: a misspelt key in
/// broker.conf or the proxy's JSON would leave a default in place while the file says otherwise.
/// Every key the project writes, the ones with-settings.sh adds included, must be one that
/// RocketMQ 5.3.1 reads, as listed in rocketmq-config-keys.tsv (generated from RocketMQ's own
/// source by tools/rocketmq-config-keys.sh, with the class each key comes from).
/// </summary>
[SupportedOSPlatform("linux")] // the bash script that renders the files
public sealed class RocketMqConfigurationKeysTests
{
    private const string ListFile = "tests/Deployment.Tests/rocketmq-config-keys.tsv";

    // Every branch of with-settings.sh taken, so that every key it can write is written.
    private static readonly Dictionary<string, string?> FullEnvironment = new()
    {
        ["ROCKETMQ_ACCESS_KEY"] = SettingsScript.AccessKey,
        ["ROCKETMQ_SECRET_KEY"] = SettingsScript.SecretKey,
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://host.docker.internal:18889",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=k3y",
    };

    private static readonly Lazy<ILookup<string, string>> ReadKeys = new(() =>
        File.ReadLines(Repository.PathOf(ListFile))
            .Where(line => !line.StartsWith('#') && line.Length > 0)
            .Select(line => line.Split('\t'))
            .ToLookup(columns => columns[0], columns => columns[1], StringComparer.Ordinal));

    public static TheoryData<string> Files => ["broker.conf", "rmq-proxy.json"];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_key_the_project_writes_into_the_file_is_one_RocketMQ_reads(string file)
    {
        using var script = new SettingsScript(file);

        var written = await RenderedKeysAsync(script, file);

        // The render took every branch: the keys the script adds are checked, not only the template's.
        Assert.Contains("authenticationEnabled", written);
        Assert.Contains("innerClientAuthenticationCredentials", written);
        Assert.Contains("metricsGrpcExporterTarget", written);
        Assert.Contains("metricsGrpcExporterHeader", written);
        Assert.Empty(Unknown(file, written));
    }

    [Theory]
    [InlineData("broker.conf", "broker.conf", "transactionCheckInterval = 5000", "transactionCheckIntervall = 5000", "transactionCheckIntervall")]
    [InlineData("rmq-proxy.json", "rmq-proxy.json", "\"useEndpointPortFromRequest\"", "\"useEndpointPortsFromRequest\"", "useEndpointPortsFromRequest")]
    [InlineData("broker.conf", "with-settings.sh", "metricsGrpcExporterTarget = ", "metricGrpcExporterTarget = ", "metricGrpcExporterTarget")]
    [InlineData("rmq-proxy.json", "with-settings.sh", "enableAclRpcHookForClusterMode", "enableAclRPCHookForClusterMode", "enableAclRPCHookForClusterMode")]
    public async Task A_misspelt_key_in_a_file_or_in_the_script_fails_the_check(string file, string edited, string key, string misspelt, string expected)
    {
        using var script = new SettingsScript(file);
        var path = Path.Combine(script.Folder, edited);
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.Contains(key, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, text.Replace(key, misspelt, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var written = await RenderedKeysAsync(script, file);

        Assert.Equal([expected], Unknown(file, written));
    }

    [Fact]
    public async Task The_list_comes_from_the_release_the_containers_run_and_names_where_each_key_is_read()
    {
        var header = File.ReadLines(Repository.PathOf(ListFile)).First();
        var builder = DockerModeModel.CreateBuilder();
        builder.AddRocketMq("rocketmq").RunAsContainers();
        await using var model = DockerModeModel.Build(builder);
        var tag = model.Containers.Select(c => c.Annotations.OfType<ContainerImageAnnotation>().Single().Tag).Distinct().Single();
        Assert.Contains($"Apache RocketMQ {tag} reads", header, StringComparison.Ordinal);

        var rows = File.ReadLines(Repository.PathOf(ListFile)).Where(line => !line.StartsWith('#')).Select(line => line.Split('\t')).ToList();
        Assert.All(rows, columns => Assert.Equal(4, columns.Length));
        // broker.conf binds BrokerConfig (with BrokerIdentity), the Netty configurations,
        // MessageStoreConfig and AuthConfig; the proxy's JSON binds ProxyConfig and AuthConfig.
        Assert.Equal(
            ["AuthConfig.java", "BrokerConfig.java", "BrokerIdentity.java", "MessageStoreConfig.java", "NettyClientConfig.java", "NettyServerConfig.java"],
            rows.Where(c => c[0] == "broker.conf").Select(c => Path.GetFileName(c[3])).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["AuthConfig.java", "ProxyConfig.java"],
            rows.Where(c => c[0] == "rmq-proxy.json").Select(c => Path.GetFileName(c[3])).Distinct().Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Unknown(string file, IEnumerable<string> written) =>
        written.Where(key => !ReadKeys.Value[file].Contains(key, StringComparer.Ordinal));

    /// <summary>The keys of <paramref name="file"/> as with-settings.sh renders it, with every setting it can add.</summary>
    private static async Task<List<string>> RenderedKeysAsync(SettingsScript script, string file)
    {
        var run = await script.RunAsync(FullEnvironment);
        Assert.True(run.ExitCode == 0, run.ToString());

        var text = await File.ReadAllTextAsync(script.Rendered(file), TestContext.Current.CancellationToken);
        if (file == "broker.conf")
        {
            return [.. JavaProperties.Parse(text).Keys];
        }

        using var json = JsonDocument.Parse(text);
        return [.. json.RootElement.EnumerateObject().Select(setting => setting.Name)];
    }
}
