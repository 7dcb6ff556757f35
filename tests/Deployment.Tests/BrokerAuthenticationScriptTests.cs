using System.Runtime.Versioning;
using System.Text.Json;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// deploy/rocketmq/with-authentication.sh, run on a copy of the folder it is mounted with: it renders
/// broker.conf and rmq-proxy.json with RocketMQ's authentication on and the key pair from its
/// environment, then runs its arguments; without a key, or with one the files would read
/// differently, it starts nothing and says why.
/// </summary>
[SupportedOSPlatform("linux")] // bash scripts, and the file modes they set
public sealed class BrokerAuthenticationScriptTests : IDisposable
{
    private const string AccessKey = "pointsdemo";
    private const string SecretKey = "Kq3-secret_key.v1";

    private readonly string _folder = Directory.CreateTempSubdirectory("pointsdemo-rmqauth-").FullName;

    public BrokerAuthenticationScriptTests()
    {
        // The script reads the files beside it, as they are mounted side by side in the container.
        foreach (var file in (string[])["with-authentication.sh", "broker.conf", "rmq-proxy.json"])
        {
            File.Copy(Repository.PathOf($"deploy/rocketmq/{file}"), Path.Combine(_folder, file));
        }
    }

    private string Rendered(string file) => Path.Combine(_folder, "authenticated", file);

    [Fact]
    public async Task It_renders_broker_conf_with_authentication_on_and_the_key_pair_as_its_user()
    {
        var run = await RunScriptAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        var rendered = Properties(File.ReadAllText(Rendered("broker.conf")));
        Assert.All(Properties(File.ReadAllText(Repository.PathOf("deploy/rocketmq/broker.conf"))), setting => Assert.Equal(setting.Value, rendered[setting.Key]));
        Assert.Equal("true", rendered["authenticationEnabled"]);
        Assert.Equal("org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider", rendered["authenticationProvider"]);
        Assert.Equal("org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider", rendered["authenticationMetadataProvider"]);

        using var user = JsonDocument.Parse(rendered["initAuthenticationUser"]);
        Assert.Equal(AccessKey, user.RootElement.GetProperty("username").GetString());
        Assert.Equal(SecretKey, user.RootElement.GetProperty("password").GetString());
        using var innerClient = JsonDocument.Parse(rendered["innerClientAuthenticationCredentials"]);
        Assert.Equal(AccessKey, innerClient.RootElement.GetProperty("accessKey").GetString());
        Assert.Equal(SecretKey, innerClient.RootElement.GetProperty("secretKey").GetString());
    }

    [Fact]
    public async Task It_renders_rmq_proxy_json_checking_signatures_against_the_brokers_users_without_the_secret()
    {
        var run = await RunScriptAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        var text = File.ReadAllText(Rendered("rmq-proxy.json"));
        using var rendered = JsonDocument.Parse(text);
        using var template = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rocketmq/rmq-proxy.json")));
        Assert.All(template.RootElement.EnumerateObject(), setting => Assert.Equal(setting.Value.GetRawText(), rendered.RootElement.GetProperty(setting.Name).GetRawText()));
        Assert.True(rendered.RootElement.GetProperty("authenticationEnabled").GetBoolean());
        Assert.Equal("org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider", rendered.RootElement.GetProperty("authenticationProvider").GetString());
        Assert.Equal("org.apache.rocketmq.proxy.auth.ProxyAuthenticationMetadataProvider", rendered.RootElement.GetProperty("authenticationMetadataProvider").GetString());
        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_its_user_can_read_what_it_renders_and_it_never_prints_the_secret()
    {
        var run = await RunScriptAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_folder, "authenticated")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Rendered("broker.conf")));
        Assert.DoesNotContain(SecretKey, run.Output + run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_runs_its_arguments_in_its_place_and_ends_as_they_end()
    {
        var run = await RunScriptAsync(command: ["bash", "-c", "printf '%s|' \"$@\"; exit 7", "broker", "-c", "a file", "-pc"]);

        Assert.Equal(7, run.ExitCode);
        Assert.EndsWith("-c|a file|-pc|", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ROCKETMQ_ACCESS_KEY")]
    [InlineData("ROCKETMQ_SECRET_KEY")]
    public async Task Without_a_key_it_starts_nothing_and_says_which_to_set(string missing)
    {
        var run = await RunScriptAsync(
            accessKey: missing == "ROCKETMQ_ACCESS_KEY" ? null : AccessKey,
            secretKey: missing == "ROCKETMQ_SECRET_KEY" ? "" : SecretKey);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(missing, run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "authenticated")));
    }

    [Theory]
    [InlineData("ROCKETMQ_SECRET_KEY", "with\"quote")]
    [InlineData("ROCKETMQ_SECRET_KEY", "a;SecretKey=b")]
    [InlineData("ROCKETMQ_SECRET_KEY", "back\\slash")]
    [InlineData("ROCKETMQ_SECRET_KEY", "two words")]
    [InlineData("ROCKETMQ_ACCESS_KEY", "name/with,separators")]
    public async Task It_refuses_a_key_the_files_or_the_connection_string_would_read_differently(string variable, string value)
    {
        var run = await RunScriptAsync(
            accessKey: variable == "ROCKETMQ_ACCESS_KEY" ? value : AccessKey,
            secretKey: variable == "ROCKETMQ_SECRET_KEY" ? value : SecretKey);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"{variable} may hold only letters, digits", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "authenticated")));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[\"rocketMQClusterName\"]")]
    public async Task It_refuses_a_proxy_configuration_it_cannot_add_settings_to(string template)
    {
        File.WriteAllText(Path.Combine(_folder, "rmq-proxy.json"), template);

        var run = await RunScriptAsync();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("rmq-proxy.json is not a JSON object with settings in it", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "authenticated")));
    }

    [Fact]
    public void The_mounted_files_themselves_leave_authentication_off_for_a_broker_started_without_the_script()
    {
        using var proxy = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/rocketmq/rmq-proxy.json")));
        var keys = Properties(File.ReadAllText(Repository.PathOf("deploy/rocketmq/broker.conf"))).Keys
            .Concat(proxy.RootElement.EnumerateObject().Select(setting => setting.Name));

        Assert.DoesNotContain(keys, key => key.Contains("authentication", StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<ProgramRun> RunScriptAsync(string? accessKey = AccessKey, string? secretKey = SecretKey, string[]? command = null) =>
        ProgramRun.RunAsync(
            "bash",
            [Path.Combine(_folder, "with-authentication.sh"), .. command ?? ["echo", "started"]],
            _folder,
            new Dictionary<string, string?>
            {
                ["ROCKETMQ_ACCESS_KEY"] = accessKey,
                ["ROCKETMQ_SECRET_KEY"] = secretKey,
            });

    /// <summary>
    /// A Java properties file as the broker's loader reads it (the subset these files use): comment
    /// lines skipped, the key up to the first '=', ':' or blank, a key given again wins.
    /// </summary>
    private static Dictionary<string, string> Properties(string text)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Select(line => line.Trim()))
        {
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var end = line.IndexOfAny(['=', ':', ' ', '\t']);
            var key = end < 0 ? line : line[..end];
            var value = end < 0 ? "" : line[end..].TrimStart();
            if (value.Length > 0 && value[0] is '=' or ':')
            {
                value = value[1..].TrimStart();
            }

            properties[key] = value;
        }

        return properties;
    }
}
