using Microsoft.Extensions.Options;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.UserService.Tests;

/// <summary>A start with configuration missing stops at once and names the key, before anything is served.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public void Without_its_connection_string_the_service_does_not_start_and_names_the_key()
    {
        var failure = StartFails(connectionString: "", brokerEndpoint: UnusedPort.Endpoint());

        Assert.Contains(failure.Failures, message => message.StartsWith("ConnectionStrings:usersdb is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_broker_endpoint_the_service_does_not_start_and_names_both_keys()
    {
        var failure = StartFails(connectionString: "Host=127.0.0.1;Database=usersdb", brokerEndpoint: null);

        Assert.Contains(failure.Failures, message => message.StartsWith("ConnectionStrings:rocketmq or Aspire:RocketMq:Client:ConnectionString is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Points_out_of_range_stop_the_start_with_the_allowed_range()
    {
        var failure = StartFails(
            connectionString: "Host=127.0.0.1;Database=usersdb",
            brokerEndpoint: UnusedPort.Endpoint(),
            new Dictionary<string, string?> { ["Registration:PointsOnRegistration"] = "0" });

        Assert.Contains(failure.Failures, message => message.Contains("Registration:PointsOnRegistration must be between 1 and 1000000.", StringComparison.Ordinal));
    }

    private static OptionsValidationException StartFails(string connectionString, string? brokerEndpoint, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var error = Record.Exception(() => new UserServiceHost(connectionString, brokerEndpoint, settings: settings));
        return Assert.IsType<OptionsValidationException>(error?.GetBaseException(), exactMatch: false);
    }
}
