using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.Client;

/// <summary>
/// What <c>AddRocketMqClient("rocketmq")</c> makes of <c>ConnectionStrings:rocketmq</c>, the contract
/// with the AppHost: a bare endpoints list, or key=value pairs set over the <c>RocketMq</c> section.
/// </summary>
public sealed class ConnectionStringTests
{
    [Theory]
    [InlineData("127.0.0.1:8081", "127.0.0.1:8081")]
    [InlineData("10.0.0.1:8081;10.0.0.2:8082", "10.0.0.1:8081;10.0.0.2:8082")]
    [InlineData("10.0.0.1:8081,10.0.0.2:8082", "10.0.0.1:8081;10.0.0.2:8082")]
    public void A_bare_list_is_the_endpoints(string connectionString, string accessPoint)
    {
        var options = OptionsFrom(new() { ["ConnectionStrings:rocketmq"] = connectionString });

        Assert.Equal(connectionString, options.Endpoints);
        Assert.Equal(accessPoint, AccessPoint.Parse(options.Endpoints).ToString());
        Assert.False(options.EnableTls);
    }

    [Fact]
    public void Key_value_pairs_set_the_endpoints_tls_credentials_and_namespace()
    {
        var options = OptionsFrom(new()
        {
            ["ConnectionStrings:rocketmq"] = "Endpoints=rocketmq-a:8081,rocketmq-b:8081;EnableTls=true;AccessKey=ak;SecretKey=\"s;k\";Namespace=demo",
        });

        Assert.Equal("rocketmq-a:8081;rocketmq-b:8081", AccessPoint.Parse(options.Endpoints).ToString());
        Assert.True(options.EnableTls);
        Assert.Equal("ak", options.AccessKey);
        Assert.Equal("s;k", options.SecretKey);
        Assert.Equal("demo", options.Namespace);
    }

    [Theory]
    [InlineData("Endpoints=\"10.0.0.1:8081;10.0.0.2:8082\"")]
    [InlineData("endpoints=10.0.0.1:8081,10.0.0.2:8082")]
    public void Quoted_endpoints_and_keys_in_any_case_are_read(string connectionString)
    {
        var options = OptionsFrom(new() { ["ConnectionStrings:rocketmq"] = connectionString });

        Assert.Equal("10.0.0.1:8081;10.0.0.2:8082", AccessPoint.Parse(options.Endpoints).ToString());
    }

    [Fact]
    public void The_connection_string_takes_precedence_over_the_section_for_what_it_names_and_the_delegate_over_both()
    {
        var options = OptionsFrom(
            new()
            {
                ["RocketMq:Endpoints"] = "section-host:8081",
                ["RocketMq:EnableTls"] = "true",
                ["RocketMq:Namespace"] = "from-section",
                ["RocketMq:RequestTimeout"] = "00:00:05",
                ["ConnectionStrings:rocketmq"] = "Endpoints=localhost:39001;EnableTls=false;AccessKey=ak;SecretKey=sk",
            },
            settings => settings.AccessKey = "from-code");

        Assert.Equal("localhost:39001", options.Endpoints);
        Assert.False(options.EnableTls);
        Assert.Equal("from-section", options.Namespace);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.Equal("from-code", options.AccessKey);
        Assert.Equal("sk", options.SecretKey);
    }

    [Fact]
    public void Without_a_connection_string_the_section_alone_configures_the_client()
    {
        var options = OptionsFrom(new() { ["RocketMq:Endpoints"] = "127.0.0.1:8081", ["ConnectionStrings:rocketmq"] = "" });

        Assert.Equal("127.0.0.1:8081", options.Endpoints);
    }

    [Fact]
    public void An_unknown_key_fails_the_start_naming_the_key_but_not_the_secret()
    {
        var failure = Assert.Single(Failures(new() { ["ConnectionStrings:rocketmq"] = "Endpoints=localhost:8081;SecretKey=hunter2;Pasword=hunter2" }));

        Assert.Equal("ConnectionStrings:rocketmq has an unknown key 'pasword' (known: Endpoints, EnableTls, AccessKey, SecretKey, Namespace)", failure);
    }

    [Theory]
    [InlineData("Endpoints=localhost:8081;AccessKey=ak;SecretKey=\"hunter2", "ConnectionStrings:rocketmq is neither a list of endpoints nor key=value pairs")]
    [InlineData("Endpoints=localhost:8081;AccessKey=ak;SecretKey=hunter2;EnableTls=hunter2", "ConnectionStrings:rocketmq has an EnableTls that is neither true nor false")]
    public void A_connection_string_that_cannot_be_read_fails_the_start_without_repeating_it(string connectionString, string expected)
    {
        var failure = Assert.Single(Failures(new() { ["ConnectionStrings:rocketmq"] = connectionString }));

        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("AccessKey=ak;SecretKey=hunter2")]
    public void Without_an_endpoint_the_start_fails_naming_both_keys(string? connectionString)
    {
        var failure = Assert.Single(Failures(new() { ["ConnectionStrings:rocketmq"] = connectionString }));

        Assert.Equal(
            "ConnectionStrings:rocketmq or RocketMq:Endpoints is required (host:port[;host:port], or Endpoints=host:port[,host:port][;EnableTls=true|false][;AccessKey=...;SecretKey=...][;Namespace=...])",
            failure);
    }

    [Fact]
    public void The_health_check_can_be_left_out_by_configuration()
    {
        using var host = Build(new() { ["ConnectionStrings:rocketmq"] = "localhost:8081", ["RocketMq:DisableHealthChecks"] = "true" });

        Assert.Empty(host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);
    }

    private static RocketMqOptions OptionsFrom(Dictionary<string, string?> settings, Action<RocketMqOptions>? configure = null)
    {
        using var host = Build(settings, configure);
        return host.Services.GetRequiredService<IOptions<RocketMqOptions>>().Value;
    }

    private static IEnumerable<string> Failures(Dictionary<string, string?> settings)
    {
        using var host = Build(settings);
        return Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<RocketMqOptions>>().Value).Failures;
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<RocketMqOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRocketMqClient("rocketmq", configure);
        return builder.Build();
    }
}
