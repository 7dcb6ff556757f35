using System.Reflection;
using PointsDemo.PointsService.Grants;
using PointsDemo.RocketMq;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Registration;
using PointsExtensions = PointsDemo.PointsService.Extensions.Extensions;
using UsersExtensions = PointsDemo.UserService.Extensions.Extensions;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// The settings compose gives each service, compared with what the service reads (its connection
/// string names and options classes). <see cref="DockerModeModelTests"/> compares them with the AppHost's.
/// </summary>
public sealed class ComposeConfigurationTests
{
    // Settings every ASP.NET Core service with the OpenTelemetry SDK reads by convention.
    private static readonly string[] ConventionalPrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_", "Logging:"];

    // The name under which both services read the broker's connection string, as the AppHost's WithReference(rocketmq) hands it.
    private const string BrokerConnectionName = "rocketmq";

    // Where the RocketMQ client integration reads its settings (RocketMqClientSettings), for every connection and, under it, for one.
    private const string RocketMqSettingsSection = "Aspire:RocketMq:Client";

    private readonly ComposeFile _compose = ComposeFile.Load();

    public static TheoryData<string, string, Type> Services => new()
    {
        { "user-service", UsersExtensions.DatabaseName, typeof(RegistrationOptions) },
        { "points-service", PointsExtensions.DatabaseName, typeof(PointsConsumerOptions) },
    };

    public static TheoryData<string, string> Databases => new()
    {
        { "user-service", UsersExtensions.DatabaseName },
        { "points-service", PointsExtensions.DatabaseName },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_setting_compose_gives_a_service_is_one_it_reads(string service, string databaseName, Type serviceOptions)
    {
        var readable = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
        {
            [RocketMqSettingsSection] = typeof(RocketMqClientSettings),
            [(string)serviceOptions.GetField("SectionName")!.GetValue(null)!] = serviceOptions,
        };

        foreach (var key in ConfigurationKeys(service))
        {
            var section = readable.Keys.FirstOrDefault(prefix => key.StartsWith($"{prefix}:", StringComparison.OrdinalIgnoreCase));
            if (key.StartsWith("ConnectionStrings:", StringComparison.Ordinal))
            {
                Assert.Contains(key, (string[])[$"ConnectionStrings:{databaseName}", $"ConnectionStrings:{BrokerConnectionName}"]);
            }
            else if (section is not null)
            {
                var options = readable[section];
                var property = key[(section.Length + 1)..];

                // The broker connection's own section sits under the shared one: Aspire:RocketMq:Client:rocketmq:<setting>.
                if (options == typeof(RocketMqClientSettings) && property.StartsWith($"{BrokerConnectionName}:", StringComparison.OrdinalIgnoreCase))
                {
                    property = property[(BrokerConnectionName.Length + 1)..];
                }

                Assert.True(
                    options.GetProperty(property, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null,
                    $"{service}: compose sets {key}, but {options.Name} has no property {property}");
            }
            else
            {
                Assert.True(ConventionalPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)), $"{service}: compose sets {key}, which the service never reads");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public void Compose_gives_a_service_what_it_requires(string service, string databaseName)
    {
        var keys = ConfigurationKeys(service);

        Assert.Contains($"ConnectionStrings:{databaseName}", keys);
        Assert.Contains($"ConnectionStrings:{BrokerConnectionName}", keys);
        Assert.Contains($"Database={databaseName}", _compose.Environment(service)[$"ConnectionStrings__{databaseName}"], StringComparison.Ordinal);
        Assert.Contains($"CREATE DATABASE {databaseName};", File.ReadAllText(Repository.PathOf("deploy/postgres/create-databases.sql")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_services_reach_the_broker_and_the_dashboard_by_their_compose_names_and_ports()
    {
        foreach (var service in (string[])["user-service", "points-service"])
        {
            var environment = _compose.Environment(service);
            var broker = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = environment[$"ConnectionStrings__{BrokerConnectionName}"] };
            Assert.Equal("rocketmq-proxy:8081", broker["Endpoints"]);
            Assert.Equal("http://dashboard:18890", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        }

        Assert.Contains("127.0.0.1:8081:8081", _compose.Sequence("rocketmq-proxy", "ports"));
        Assert.Contains("127.0.0.1:18890:18890", _compose.Sequence("dashboard", "ports"));
    }

    private List<string> ConfigurationKeys(string service) =>
        _compose.Environment(service).Keys.Select(key => key.Replace("__", ":", StringComparison.Ordinal)).ToList();
}
