using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.Client;

/// <summary>
/// What <c>AddRocketMqProducer("rocketmq")</c> makes of its settings, the contract with the AppHost
/// and with the application's configuration: the <c>Aspire:RocketMq:Client</c> section, the
/// connection's own section over it, <c>ConnectionStrings:rocketmq</c> over both, the delegate last.
/// </summary>
public sealed class ConnectionStringTests
{
    private const string Shared = "Aspire:RocketMq:Client";
    private const string Own = "Aspire:RocketMq:Client:rocketmq";
    private const string ConnectionString = "ConnectionStrings:rocketmq";

    [Theory]
    [InlineData("127.0.0.1:8081", "127.0.0.1:8081")]
    [InlineData("10.0.0.1:8081;10.0.0.2:8082", "10.0.0.1:8081;10.0.0.2:8082")]
    [InlineData("10.0.0.1:8081,10.0.0.2:8082", "10.0.0.1:8081;10.0.0.2:8082")]
    public void A_bare_list_is_the_endpoints(string connectionString, string accessPoint)
    {
        var options = OptionsFrom(new() { [ConnectionString] = connectionString });

        Assert.Equal(connectionString, options.Endpoints);
        Assert.Equal(accessPoint, AccessPoint.Parse(options.Endpoints).ToString());
        Assert.False(options.EnableTls);
    }

    [Fact]
    public void Key_value_pairs_set_the_endpoints_tls_credentials_and_namespace()
    {
        var options = OptionsFrom(new()
        {
            [ConnectionString] = "Endpoints=rocketmq-a:8081,rocketmq-b:8081;EnableTls=true;AccessKey=ak;SecretKey=\"s;k\";SessionToken=st;Namespace=demo",
        });

        Assert.Equal("rocketmq-a:8081;rocketmq-b:8081", AccessPoint.Parse(options.Endpoints).ToString());
        Assert.True(options.EnableTls);
        Assert.Equal(("ak", "s;k", "st"), (options.AccessKey, options.SecretKey, options.SessionToken));
        Assert.Equal("demo", options.Namespace);
    }

    [Theory]
    [InlineData("Endpoints=\"10.0.0.1:8081;10.0.0.2:8082\"")]
    [InlineData("endpoints=10.0.0.1:8081,10.0.0.2:8082")]
    public void Quoted_endpoints_and_keys_in_any_case_are_read(string connectionString)
    {
        var options = OptionsFrom(new() { [ConnectionString] = connectionString });

        Assert.Equal("10.0.0.1:8081;10.0.0.2:8082", AccessPoint.Parse(options.Endpoints).ToString());
    }

    [Fact]
    public void The_shared_section_then_the_connection_s_own_then_the_connection_string_then_the_delegate()
    {
        RocketMqClientSettings? seen = null;
        var options = OptionsFrom(
            new()
            {
                [$"{Shared}:ConnectionString"] = "Endpoints=shared:8081;Namespace=shared",
                [$"{Shared}:RequestTimeout"] = "00:00:05",
                [$"{Shared}:AcceptAnyServerCertificate"] = "true",
                [$"{Shared}:DisableMetrics"] = "true",
                [$"{Own}:ConnectionString"] = "Endpoints=own:8081",
                [$"{Own}:RequestTimeout"] = "00:00:07",
                [$"{Own}:DisableTracing"] = "true",
                ["Aspire:RocketMq:Client:other:RequestTimeout"] = "00:00:11",
                [ConnectionString] = "Endpoints=localhost:39001;EnableTls=true;AccessKey=ak;SecretKey=sk",
            },
            settings =>
            {
                seen = Copy(settings);
                settings.DisableMetrics = false;
                settings.RequestTimeout += TimeSpan.FromSeconds(2);
            });

        Assert.NotNull(seen);
        Assert.Equal("Endpoints=localhost:39001;EnableTls=true;AccessKey=ak;SecretKey=sk", seen.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(7), seen.RequestTimeout);
        Assert.Equal((true, true, true, false), (seen.AcceptAnyServerCertificate, seen.DisableMetrics, seen.DisableTracing, seen.DisableHealthChecks));

        // The connection string is one setting: the winner's, whole, not pairs merged over the sections' strings.
        Assert.Equal(("localhost:39001", true, "ak", "sk", ""), (options.Endpoints, options.EnableTls, options.AccessKey, options.SecretKey, options.Namespace));
        Assert.Equal(TimeSpan.FromSeconds(9), options.RequestTimeout);
        Assert.True(options.AcceptAnyServerCertificate);
    }

    [Theory]
    [InlineData(Own, "own:8081")]
    [InlineData(Shared, "shared:8081")]
    public void Without_a_connection_string_the_sections_give_it(string sectionWithIt, string endpoints)
    {
        var settings = new Dictionary<string, string?> { [$"{sectionWithIt}:ConnectionString"] = endpoints, [ConnectionString] = "" };
        if (sectionWithIt == Own)
        {
            settings[$"{Shared}:ConnectionString"] = "shared:8081";
        }

        Assert.Equal(endpoints, OptionsFrom(settings).Endpoints);
    }

    [Fact]
    public void Without_settings_the_client_s_defaults_stay()
    {
        var options = OptionsFrom(new() { [ConnectionString] = "localhost:8081" });

        Assert.Equal((TimeSpan.FromSeconds(3), false), (options.RequestTimeout, options.AcceptAnyServerCertificate));
    }

    [Fact]
    public void An_unknown_key_fails_the_start_naming_the_key_but_not_the_secret()
    {
        var failure = Assert.Single(Failures(new() { [ConnectionString] = "Endpoints=localhost:8081;SecretKey=hunter2;Pasword=hunter2" }));

        Assert.Equal("ConnectionStrings:rocketmq has an unknown key 'pasword' (known: Endpoints, EnableTls, AccessKey, SecretKey, SessionToken, Namespace)", failure);
    }

    [Theory]
    [InlineData("Endpoints=localhost:8081;AccessKey=ak;SecretKey=\"hunter2", "ConnectionStrings:rocketmq is neither a list of endpoints nor key=value pairs")]
    [InlineData("Endpoints=localhost:8081;AccessKey=ak;SecretKey=hunter2;EnableTls=hunter2", "ConnectionStrings:rocketmq has an EnableTls that is neither true nor false")]
    public void A_connection_string_that_cannot_be_read_fails_the_start_without_repeating_it(string connectionString, string expected)
    {
        var failure = Assert.Single(Failures(new() { [ConnectionString] = connectionString }));

        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Shared, false, "Aspire:RocketMq:Client:ConnectionString")]
    [InlineData(Own, false, "Aspire:RocketMq:Client:rocketmq:ConnectionString")]
    [InlineData(Shared, true, "RocketMqClientSettings.ConnectionString")]
    public void A_failure_names_where_the_connection_string_came_from(string section, bool setInCode, string source)
    {
        const string Unreadable = "Endpoints=localhost:8081;SecretKey=hunter2;Pasword=hunter2";
        var failure = Assert.Single(Failures(
            new() { [$"{section}:ConnectionString"] = setInCode ? "localhost:8081" : Unreadable },
            setInCode ? settings => settings.ConnectionString = Unreadable : null));

        Assert.StartsWith($"{source} has an unknown key 'pasword'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("AccessKey=ak;SecretKey=hunter2")]
    public void Without_an_endpoint_the_start_fails_naming_both_keys(string? connectionString)
    {
        var failure = Assert.Single(Failures(new() { [ConnectionString] = connectionString }));

        Assert.Equal(
            "ConnectionStrings:rocketmq or Aspire:RocketMq:Client:ConnectionString is required (host:port[;host:port], or "
                + "Endpoints=host:port[,host:port][;EnableTls=true|false][;AccessKey=...;SecretKey=...[;SessionToken=...]][;Namespace=...])",
            failure);
    }

    [Fact]
    public void Invalid_values_are_named_by_where_they_came_from_without_the_secret()
    {
        var failures = Failures(new()
        {
            [ConnectionString] = "Endpoints=localhost;SecretKey=hunter2",
            [$"{Shared}:RequestTimeout"] = "00:00:00",
        });

        Assert.Equal(
            [
                "Endpoints in ConnectionStrings:rocketmq 'localhost' is not valid: 'localhost' is not host:port (expected host:port[;host:port])",
                "Aspire:RocketMq:Client:RequestTimeout must be positive (e.g. 00:00:03)",
                "AccessKey in ConnectionStrings:rocketmq is required when SecretKey in ConnectionStrings:rocketmq is set",
            ],
            failures);
        Assert.All(failures, failure => Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal));
    }

    private static RocketMqClientSettings Copy(RocketMqClientSettings settings) => new()
    {
        ConnectionString = settings.ConnectionString,
        RequestTimeout = settings.RequestTimeout,
        AcceptAnyServerCertificate = settings.AcceptAnyServerCertificate,
        DisableHealthChecks = settings.DisableHealthChecks,
        DisableTracing = settings.DisableTracing,
        DisableMetrics = settings.DisableMetrics,
    };

    private static RocketMqOptions OptionsFrom(Dictionary<string, string?> settings, Action<RocketMqClientSettings>? configure = null)
    {
        using var host = Build(settings, configure);
        return host.Services.ConnectionOptions<Producer>();
    }

    private static IEnumerable<string> Failures(Dictionary<string, string?> settings, Action<RocketMqClientSettings>? configure = null)
    {
        using var host = Build(settings, configure);
        return Assert.Throws<OptionsValidationException>(() => host.Services.ConnectionOptions<Producer>()).Failures;
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<RocketMqClientSettings>? configure) =>
        ClientHosts.Build(settings, builder => builder.AddRocketMqProducer("rocketmq", configure));
}
