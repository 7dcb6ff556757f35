using System.Data.Common;
using System.Text.RegularExpressions;
using PointsDemo.TestSupport;
using YamlDotNet.RepresentationModel;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// docker-compose.yml turns RocketMQ's authentication on: the broker and the proxy start through the
/// script that renders their configuration with the key pair, and the broker, the init step, the
/// proxy and both services get the same pair, from the env file only.
/// </summary>
public sealed partial class ComposeAuthenticationTests
{
    private const string Script = "with-settings.sh";

    private static readonly string[] KeyHolders = ["rocketmq-broker", "rocketmq-init", "rocketmq-proxy"];

    private static readonly string[] KeyVariables = ["ROCKETMQ_ACCESS_KEY", "ROCKETMQ_SECRET_KEY"];

    private static readonly string[] SignedServices = ["user-service", "points-service"];

    private static readonly string[] CompleteEnvFile = ["POSTGRES_PASSWORD=pg", "ROCKETMQ_ACCESS_KEY=pointsdemo", "ROCKETMQ_SECRET_KEY=secret"];

    private readonly ComposeFile _compose = ComposeFile.Load();

    [Theory]
    [InlineData("rocketmq-broker", "mqbroker", "-c", "broker.conf")]
    [InlineData("rocketmq-proxy", "mqproxy", "-pc", "rmq-proxy.json")]
    public void The_broker_and_the_proxy_start_through_the_script_on_the_file_it_renders_from_the_one_mounted_beside_it(
        string service, string program, string option, string file)
    {
        var shape = _compose.Shape(service);
        var mounts = shape.Mounts.Select(Mount.Parse).ToList();
        var script = Assert.Single(mounts, mount => mount.Source == Repository.PathOf($"deploy/rocketmq/{Script}"));
        var folder = Path.GetDirectoryName(script.Target)!;

        // The script reads the file beside itself and writes it, completed, to rendered/ there.
        Assert.Equal(["bash", script.Target, "sh", program, option, $"{folder}/rendered/{file}"], shape.CommandLine);
        Assert.Equal(
            [Repository.PathOf($"deploy/rocketmq/{file}"), Repository.PathOf($"deploy/rocketmq/{Script}")],
            mounts.Select(mount => mount.Source).Order(StringComparer.Ordinal));
        Assert.Contains(mounts, mount => mount.Source == Repository.PathOf($"deploy/rocketmq/{file}") && mount.Target == $"{folder}/{file}");
        Assert.All(mounts, mount => Assert.True(mount.ReadOnly, $"{mount.Target} is mounted writable"));
    }

    [Fact]
    public void The_broker_the_init_step_the_proxy_and_both_services_take_the_keys_from_the_env_file_and_nowhere_else()
    {
        foreach (var service in KeyHolders)
        {
            var environment = _compose.Environment(service);
            Assert.All(KeyVariables, variable => Assert.Equal([variable], Variables(environment[variable])));
        }

        foreach (var service in SignedServices)
        {
            var connectionString = new DbConnectionStringBuilder { ConnectionString = _compose.Environment(service)["ConnectionStrings__rocketmq"] };
            Assert.Equal(["ROCKETMQ_ACCESS_KEY"], Variables((string)connectionString["AccessKey"]));
            Assert.Equal(["ROCKETMQ_SECRET_KEY"], Variables((string)connectionString["SecretKey"]));
        }
    }

    [Fact]
    public async Task With_an_env_file_docker_compose_hands_its_keys_to_the_broker_the_init_step_the_proxy_and_both_services()
    {
        var run = await DockerCompose.WithEnvFileAsync(
            ["POSTGRES_PASSWORD=pg", "ROCKETMQ_ACCESS_KEY=ak-from-env", "ROCKETMQ_SECRET_KEY=sk-from-env"],
            envFile => DockerCompose.RunAsync(envFile, "config"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var services = Services(run.Output);
        foreach (var service in KeyHolders)
        {
            Assert.Equal("ak-from-env", services[service]["ROCKETMQ_ACCESS_KEY"]);
            Assert.Equal("sk-from-env", services[service]["ROCKETMQ_SECRET_KEY"]);
        }

        foreach (var service in SignedServices)
        {
            var connectionString = new DbConnectionStringBuilder { ConnectionString = services[service]["ConnectionStrings__rocketmq"] };
            Assert.Equal("rocketmq-proxy:8081", connectionString["Endpoints"]);
            Assert.Equal("ak-from-env", connectionString["AccessKey"]);
            Assert.Equal("sk-from-env", connectionString["SecretKey"]);
        }
    }

    [Theory]
    [InlineData("ROCKETMQ_ACCESS_KEY")]
    [InlineData("ROCKETMQ_SECRET_KEY")]
    public async Task Without_a_key_in_the_env_file_docker_compose_refuses_and_says_what_to_do(string missing)
    {
        var lines = CompleteEnvFile.Where(line => !line.StartsWith($"{missing}=", StringComparison.Ordinal));

        var run = await DockerCompose.WithEnvFileAsync(lines, envFile => DockerCompose.RunAsync(envFile, "config", "-q"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"copy .env.example to .env and set {missing}", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_env_file_names_both_keys_with_values_the_scripts_accept()
    {
        var settings = File.ReadAllLines(Repository.PathOf(".env.example"))
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

        Assert.All(KeyVariables, variable => Assert.Matches(UsableKey(), settings[variable]));
    }

    /// <summary>The variables a compose value consists of; it fails when the value holds anything else.</summary>
    private static string[] Variables(string value)
    {
        var matches = Interpolation().Matches(value);
        Assert.True(matches.Count > 0 && Interpolation().Replace(value, "").Length == 0, $"'{value}' is not just a variable from the env file");
        return [.. matches.Select(m => m.Groups["name"].Value)];
    }

    /// <summary>Each service's environment in <c>docker-compose config</c>'s output.</summary>
    private static Dictionary<string, Dictionary<string, string>> Services(string config)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(config));
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
        return services.Children.ToDictionary(
            service => service.Key.ToString(),
            service => ((YamlMappingNode)service.Value).Children.TryGetValue("environment", out var environment)
                ? ((YamlMappingNode)environment).Children.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value.ToString())
                : []);
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9_]+)(:\?[^}]*)?\}")]
    private static partial Regex Interpolation();

    // What with-settings.sh and create-topics-and-groups.sh accept.
    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex UsableKey();
}
