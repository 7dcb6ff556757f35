using PointsDemo.AppHost.Orchestration;

namespace PointsDemo.AppHost.Tests.Orchestration;

public sealed class CommandLineTests
{
    [Fact]
    public void No_arguments_mean_auto_mode_on_the_dashboard_ports_aspire_uses_and_the_usual_service_ports()
    {
        var settings = CommandLine.Parse([]);

        Assert.Equal(RunMode.Auto, settings.Mode);
        Assert.Equal((18888, 18890), (settings.DashboardPort, settings.OtlpPort));
        Assert.Equal((5101, 5102, 8081), (settings.UserServicePort, settings.PointsServicePort, settings.BrokerPort));
    }

    [Fact]
    public void Every_option_is_read()
    {
        var settings = CommandLine.Parse(["--mode", "LOCAL", "--dashboard-port", "0", "--otlp-port", "4318", "--user-port", "6101",
            "--points-port", "6102", "--broker-port", "0", "--data", "/tmp/x", "--compose-file", "compose.yml"]);

        Assert.Equal(new AppHostSettings
        {
            Mode = RunMode.Local, DashboardPort = 0, OtlpPort = 4318, UserServicePort = 6101, PointsServicePort = 6102,
            BrokerPort = 0, DataFolder = "/tmp/x", ComposeFile = "compose.yml",
        }, settings);
    }

    [Theory]
    [InlineData("--mode", "cloud")]
    [InlineData("--user-port", "http")]
    [InlineData("--user-port", "70000")]
    [InlineData("--user-port")]
    [InlineData("--verbose")]
    public void Mistakes_are_explained(params string[] args)
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse(args));
        Assert.Contains(args[0], error.Message, StringComparison.Ordinal);
    }
}
