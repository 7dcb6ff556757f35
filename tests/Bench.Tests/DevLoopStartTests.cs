using System.Text.Json;
using PointsDemo.Bench.DevLoop;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Tests;

public sealed class DevLoopStartTests
{
    [Theory]
    [InlineData("info: Aspire.Hosting.DistributedApplication[0]       Login to the dashboard at http://localhost:18888/login?t=0123abcd", "http://localhost:18888/")]
    [InlineData("Login to the dashboard at https://localhost:17001/login?t=x", "https://localhost:17001/")]
    public void The_dashboard_address_is_read_from_the_login_line_without_its_token(string line, string expected)
    {
        Assert.Equal(new Uri(expected), AppHostSignals.DashboardUrl(line));
    }

    [Theory]
    [InlineData("info: Aspire.Hosting.DistributedApplication[0]       Now listening on: http://localhost:18888")]
    [InlineData("Login to the dashboard at")]
    [InlineData("")]
    public void Other_lines_give_no_dashboard_address(string line)
    {
        Assert.Null(AppHostSignals.DashboardUrl(line));
    }

    [Fact]
    public void Started_is_the_line_after_which_the_AppHost_waits_for_Ctrl_C_not_the_one_before()
    {
        Assert.True(AppHostSignals.IsStarted("info: Aspire.Hosting.DistributedApplication[0]       Distributed application started. Press Ctrl+C to shut down."));
        Assert.False(AppHostSignals.IsStarted("info: Aspire.Hosting.DistributedApplication[0]       Distributed application starting."));
    }

    [Theory]
    [InlineData(200, "Healthy", true)]
    [InlineData(200, "Healthy\n", true)]
    [InlineData(200, "Degraded", false)]
    [InlineData(503, "Unhealthy", false)]
    [InlineData(503, "Healthy", false)]
    [InlineData(404, "", false)]
    public void Only_200_Healthy_is_healthy(int status, string body, bool healthy)
    {
        Assert.Equal(healthy, AppHostSignals.IsHealthy(status, body));
    }

    [Theory]
    [InlineData("""{"profiles":{"http":{"applicationUrl":"http://localhost:5101"}}}""", "http://localhost:5101/")]
    [InlineData("""{"profiles":{"http":{"applicationUrl":"http://localhost:5102;https://localhost:7102"}}}""", "http://localhost:5102/")]
    public void A_service_address_is_its_http_launch_profile_first_url(string json, string expected)
    {
        using var settings = JsonDocument.Parse(json);

        Assert.Equal(new Uri(expected), AppHostSignals.LaunchProfileUrl(settings.RootElement));
    }

    [Theory]
    [InlineData("""{"profiles":{"https":{"applicationUrl":"https://localhost:7101"}}}""")]
    [InlineData("""{"profiles":{"http":{"commandName":"Project"}}}""")]
    [InlineData("""{}""")]
    public void No_http_profile_url_gives_none(string json)
    {
        using var settings = JsonDocument.Parse(json);

        Assert.Null(AppHostSignals.LaunchProfileUrl(settings.RootElement));
    }

    [Fact]
    public void The_target_is_met_only_when_every_start_is_healthy_within_ten_seconds()
    {
        Assert.True(Assert.Single(DevLoopStartReport.Check([Start(1, 8.2), Start(2, 9.9)])).Met);
        var missed = Assert.Single(DevLoopStartReport.Check([Start(1, 8.2), Start(2, 10.4)]));
        Assert.False(missed.Met);
        Assert.Equal("8.2–10.4 s", missed.Measured);
        Assert.Null(Assert.Single(DevLoopStartReport.Check([])).Met);
    }

    [Fact]
    public void The_json_has_each_start_in_camel_case_and_the_table_a_row_per_start()
    {
        IReadOnlyList<DevLoopStart> runs = [Start(1, 8.25), Start(2, 12)];
        var report = new DevLoopStartReport(
            "20261206-230000", DateTimeOffset.UnixEpoch, new MachineInfo(2, "Linux", ".NET 10", [1, 1, 1], [2, 1, 1]), "dotnet run --project AppHost", runs, DevLoopStartReport.Check(runs));

        var json = JsonDocument.Parse(JsonSerializer.Serialize(report, ReportFile.Json)).RootElement;
        Assert.Equal("dotnet run --project AppHost", json.GetProperty("command").GetString());
        var first = json.GetProperty("runs")[0];
        Assert.Equal(8.25, first.GetProperty("healthySeconds").GetDouble());
        Assert.Equal(9.5, first.GetProperty("pointsVisibleSeconds").GetDouble());
        Assert.Equal(4.1, first.GetProperty("stopSeconds").GetDouble());
        Assert.False(json.GetProperty("targets")[0].GetProperty("met").GetBoolean());
        Assert.Equal("dev-loop-start-20261206-230000.json", DevLoopStartReport.FileName(report.RunId));

        var table = report.Render();
        Assert.Contains("| 1 | 6.0 s | 7.0 s | 8.3 s | 9.5 s (30 ms after the POST) | 4.1 s |", table, StringComparison.Ordinal);
        Assert.Contains("| 2 | 6.0 s | 7.0 s | 12.0 s |", table, StringComparison.Ordinal);
        Assert.Contains("8.3–12.0 s (NOT met)", table, StringComparison.Ordinal);
    }

    private static DevLoopStart Start(int run, double healthy) => new(run, 6, 7, healthy, 9.5, 30, 4.1, 12);
}
