using System.Runtime.Versioning;
using System.Text.Json;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// deploy/rocketmq/with-settings.sh, run on a copy of the folder it is mounted with: it renders
/// broker.conf and rmq-proxy.json with RocketMQ's authentication on and the key pair from its
/// environment, and with metrics exported to the OTLP endpoint from its environment, then runs its
/// arguments; given what the files would read differently, it starts nothing and says why.
/// </summary>
[SupportedOSPlatform("linux")] // bash scripts, and the file modes they set
public sealed class SettingsScriptTests : IDisposable
{
    private const string Endpoint = "http://host.docker.internal:18889";

    private static readonly Dictionary<string, string?> KeysAndEndpoint = new()
    {
        ["ROCKETMQ_ACCESS_KEY"] = SettingsScript.AccessKey,
        ["ROCKETMQ_SECRET_KEY"] = SettingsScript.SecretKey,
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
    };

    private readonly SettingsScript _script = new("broker.conf", "rmq-proxy.json");

    [Fact]
    public async Task It_renders_broker_conf_with_authentication_on_and_the_key_pair_as_its_user()
    {
        var run = await _script.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        var rendered = JavaProperties.Load(_script.Rendered("broker.conf"));
        Assert.All(JavaProperties.Load(Repository.PathOf("deploy/rocketmq/broker.conf")), setting => Assert.Equal(setting.Value, rendered[setting.Key]));
        Assert.Equal("true", rendered["authenticationEnabled"]);
        Assert.Equal("org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider", rendered["authenticationProvider"]);
        Assert.Equal("org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider", rendered["authenticationMetadataProvider"]);

        using var user = JsonDocument.Parse(rendered["initAuthenticationUser"]);
        Assert.Equal(SettingsScript.AccessKey, user.RootElement.GetProperty("username").GetString());
        Assert.Equal(SettingsScript.SecretKey, user.RootElement.GetProperty("password").GetString());
        AssertCredentials(rendered["innerClientAuthenticationCredentials"]);
        Assert.DoesNotContain(rendered.Keys, key => key.StartsWith("metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_renders_rmq_proxy_json_checking_signatures_against_the_brokers_users_and_signing_its_own_calls()
    {
        var run = await _script.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        using var rendered = JsonDocument.Parse(File.ReadAllText(_script.Rendered("rmq-proxy.json")));
        using var template = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rocketmq/rmq-proxy.json")));
        var settings = rendered.RootElement;
        Assert.All(template.RootElement.EnumerateObject(), setting => Assert.Equal(setting.Value.GetRawText(), settings.GetProperty(setting.Name).GetRawText()));
        Assert.True(settings.GetProperty("authenticationEnabled").GetBoolean());
        Assert.Equal("org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider", settings.GetProperty("authenticationProvider").GetString());
        Assert.Equal("org.apache.rocketmq.proxy.auth.ProxyAuthenticationMetadataProvider", settings.GetProperty("authenticationMetadataProvider").GetString());
        // In cluster mode the proxy signs its calls to the broker only with this hook on, and then
        // with these credentials, which RocketMQ reads as a JSON document inside a JSON string.
        Assert.True(settings.GetProperty("enableAclRpcHookForClusterMode").GetBoolean());
        AssertCredentials(settings.GetProperty("innerClientAuthenticationCredentials").GetString()!);
        Assert.DoesNotContain(settings.EnumerateObject(), setting => setting.Name.StartsWith("metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_both_export_their_metrics_there_over_grpc()
    {
        var run = await _script.RunAsync(new Dictionary<string, string?>(KeysAndEndpoint) { ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=k3y,x-tenant=demo" });

        Assert.True(run.ExitCode == 0, run.ToString());
        var broker = JavaProperties.Load(_script.Rendered("broker.conf"));
        Assert.Equal("OTLP_GRPC", broker["metricsExporterType"]);
        Assert.Equal(Endpoint, broker["metricsGrpcExporterTarget"]);
        Assert.Equal("x-otlp-api-key:k3y,x-tenant:demo", broker["metricsGrpcExporterHeader"]);
        using var proxy = JsonDocument.Parse(File.ReadAllText(_script.Rendered("rmq-proxy.json")));
        Assert.Equal("OTLP_GRPC", proxy.RootElement.GetProperty("metricsExporterType").GetString());
        Assert.Equal(Endpoint, proxy.RootElement.GetProperty("metricsGrpcExporterTarget").GetString());
        Assert.Equal("x-otlp-api-key:k3y,x-tenant:demo", proxy.RootElement.GetProperty("metricsGrpcExporterHeader").GetString());
        Assert.Contains($"metrics exported to {Endpoint}", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "over OTLP/gRPC only")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "host.docker.internal:18889", "must be an http:// or https:// URL")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=a:b", "name=value pairs")]
    public async Task It_refuses_an_otlp_setting_rocketmqs_exporter_would_read_differently(string variable, string value, string message)
    {
        var run = await _script.RunAsync(new Dictionary<string, string?>(KeysAndEndpoint) { [variable] = value });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Errors, StringComparison.Ordinal);
        AssertStartedNothing(run);
    }

    [Fact]
    public async Task Without_keys_or_endpoint_it_renders_the_files_as_they_are()
    {
        var run = await _script.RunAsync(new Dictionary<string, string?>());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(JavaProperties.Load(Repository.PathOf("deploy/rocketmq/broker.conf")), JavaProperties.Load(_script.Rendered("broker.conf")));
        using var rendered = JsonDocument.Parse(File.ReadAllText(_script.Rendered("rmq-proxy.json")));
        using var template = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rocketmq/rmq-proxy.json")));
        Assert.Equal(template.RootElement.EnumerateObject().Select(s => (s.Name, s.Value.GetRawText())), rendered.RootElement.EnumerateObject().Select(s => (s.Name, s.Value.GetRawText())));
        Assert.Contains("authentication off; metrics off", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broker.conf")]
    [InlineData("rmq-proxy.json")]
    public async Task It_renders_only_the_file_mounted_beside_it(string file)
    {
        using var script = new SettingsScript(file);

        var run = await script.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([file], Directory.GetFiles(script.RenderedFolder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Only_its_user_can_read_what_it_renders_and_it_never_prints_the_secret()
    {
        var run = await _script.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_script.RenderedFolder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_script.Rendered("broker.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_script.Rendered("rmq-proxy.json")));
        Assert.DoesNotContain(SettingsScript.SecretKey, run.Output + run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_runs_its_arguments_in_its_place_and_ends_as_they_end()
    {
        var run = await _script.RunAsync(command: ["bash", "-c", "printf '%s|' \"$@\"; exit 7", "mqproxy", "-pc", "a file"]);

        Assert.Equal(7, run.ExitCode);
        Assert.EndsWith("-pc|a file|", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ROCKETMQ_ACCESS_KEY", "the access key requests are signed with")]
    [InlineData("ROCKETMQ_SECRET_KEY", "the secret key of ROCKETMQ_ACCESS_KEY")]
    public async Task With_one_key_only_it_starts_nothing_and_says_which_to_set(string missing, string description)
    {
        var run = await _script.RunAsync(new Dictionary<string, string?>
        {
            ["ROCKETMQ_ACCESS_KEY"] = missing == "ROCKETMQ_ACCESS_KEY" ? null : SettingsScript.AccessKey,
            ["ROCKETMQ_SECRET_KEY"] = missing == "ROCKETMQ_SECRET_KEY" ? "" : SettingsScript.SecretKey,
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"set {missing}, {description}", run.Errors, StringComparison.Ordinal);
        AssertStartedNothing(run);
    }

    [Theory]
    [InlineData("ROCKETMQ_SECRET_KEY", "with\"quote")]
    [InlineData("ROCKETMQ_SECRET_KEY", "a;SecretKey=b")]
    [InlineData("ROCKETMQ_SECRET_KEY", "back\\slash")]
    [InlineData("ROCKETMQ_SECRET_KEY", "two words")]
    [InlineData("ROCKETMQ_ACCESS_KEY", "name/with,separators")]
    public async Task It_refuses_a_key_the_files_or_the_connection_string_would_read_differently(string variable, string value)
    {
        var run = await _script.RunAsync(new Dictionary<string, string?>
        {
            ["ROCKETMQ_ACCESS_KEY"] = variable == "ROCKETMQ_ACCESS_KEY" ? value : SettingsScript.AccessKey,
            ["ROCKETMQ_SECRET_KEY"] = variable == "ROCKETMQ_SECRET_KEY" ? value : SettingsScript.SecretKey,
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{variable} may hold only letters, digits", run.Errors, StringComparison.Ordinal);
        AssertStartedNothing(run);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[\"rocketMQClusterName\"]")]
    public async Task It_refuses_a_proxy_configuration_it_cannot_add_settings_to(string template)
    {
        File.WriteAllText(Path.Combine(_script.Folder, "rmq-proxy.json"), template);

        var run = await _script.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("rmq-proxy.json is not a JSON object with settings in it", run.Errors, StringComparison.Ordinal);
        AssertStartedNothing(run);
    }

    [Fact]
    public async Task Without_a_configuration_file_beside_it_it_starts_nothing_and_says_what_to_mount()
    {
        using var script = new SettingsScript();

        var run = await script.RunAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("mount broker.conf or rmq-proxy.json beside", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mounted_files_themselves_leave_authentication_and_metrics_export_off_for_a_process_started_without_the_script()
    {
        using var proxy = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rocketmq/rmq-proxy.json")));
        var keys = JavaProperties.Load(Repository.PathOf("deploy/rocketmq/broker.conf")).Keys
            .Concat(proxy.RootElement.EnumerateObject().Select(setting => setting.Name));

        Assert.DoesNotContain(keys, key => key.Contains("authentication", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(keys, key => key.StartsWith("metrics", StringComparison.Ordinal));
    }

    public void Dispose() => _script.Dispose();

    private void AssertStartedNothing(ProgramRun run)
    {
        Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_script.RenderedFolder));
    }

    private static void AssertCredentials(string json)
    {
        using var credentials = JsonDocument.Parse(json);
        Assert.Equal(SettingsScript.AccessKey, credentials.RootElement.GetProperty("accessKey").GetString());
        Assert.Equal(SettingsScript.SecretKey, credentials.RootElement.GetProperty("secretKey").GetString());
    }
}
