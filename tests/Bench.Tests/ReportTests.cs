using System.Text.Json;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Tests;

public sealed class ReportTests
{
    private static readonly LatencySummary Post = new(1000, 4.2, 9.5, 14.1, 40, 5);
    private static readonly LatencySummary Points = new(1000, 60, 150, 240, 300, 70);

    [Fact]
    public void The_json_has_the_fields_scripts_read_in_camel_case()
    {
        var json = JsonDocument.Parse(JsonSerializer.Serialize(Report(), ReportFile.Json)).RootElement;

        Assert.Equal("20261125-220000", json.GetProperty("runId").GetString());
        Assert.Equal(2, json.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.Equal(1.5, json.GetProperty("machine").GetProperty("loadAverageAtEnd")[0].GetDouble());
        Assert.Equal(0.1, json.GetProperty("settings").GetProperty("traceSampling").GetDouble());
        var max = json.GetProperty("max");
        Assert.Equal(1200, max.GetProperty("acceptedPerSecond").GetDouble());
        Assert.Equal(14.1, max.GetProperty("post").GetProperty("p99").GetDouble());
        Assert.Equal(240, max.GetProperty("pointsVisible").GetProperty("p99").GetDouble());
        Assert.Equal(0, max.GetProperty("redelivered").GetInt64());
        Assert.Equal(3, max.GetProperty("errors").GetProperty("HTTP 503").GetInt32());
        Assert.Equal(0.8, max.GetProperty("cpuMsPerRegistration").GetProperty("user-service").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("halfRate").ValueKind);
        Assert.Equal(1500, json.GetProperty("ceiling").GetProperty("registrationsPerSecond").GetDouble());
        Assert.Equal(0.8, json.GetProperty("ratioToCeiling").GetDouble());
        Assert.Equal(7000, json.GetProperty("client").GetProperty("transactionalSendsPerSecond").GetDouble());
        Assert.Equal(6, json.GetProperty("targets").GetArrayLength());
        Assert.Equal("apphost", json.GetProperty("settings").GetProperty("system").GetString());
        Assert.Equal(12.5, json.GetProperty("startSeconds").GetDouble());
    }

    [Fact]
    public void The_file_is_named_after_the_run()
    {
        Assert.Equal("bench-20261125-220000.json", ReportFile.FileName(Report()));
    }

    [Fact]
    public void Targets_say_met_not_met_or_not_measured()
    {
        var checks = Targets.Check(Phase("max", 1200), half: null, ratio: 0.5, client: null, traceSampling: 1);

        // The phase had 3 errors: not a clean run.
        Assert.Equal([true, null, null, true, null, false], checks.Select(c => c.Met));
        Assert.Equal("0.50", checks[0].Measured);
        Assert.Equal("0.80 ms", checks[3].Measured);
    }

    [Theory]
    [InlineData(1.0, 0.55, true)]
    [InlineData(0.1, 0.55, false)]
    [InlineData(0.1, 0.60, true)]
    public void The_ratio_asked_for_is_higher_with_sampled_traces(double traceSampling, double ratio, bool met)
    {
        var check = Targets.Check(null, null, ratio, null, traceSampling)[0];

        Assert.Equal(met, check.Met);
    }

    [Fact]
    public void The_client_alone_meets_its_target_only_when_both_rates_do()
    {
        Assert.False(Targets.Check(null, null, null, Client(sends: 16_000, consumed: 30_000), null)[4].Met);
        Assert.True(Targets.Check(null, null, null, Client(sends: 16_000, consumed: 41_000), null)[4].Met);
    }

    [Fact]
    public void Points_that_never_arrived_fail_the_points_target_whatever_the_percentiles()
    {
        var half = Phase("half-rate", 600) with { PointsMissing = 2 };

        var points = Targets.Check(null, half, null, null, null)[2];

        Assert.False(points.Met);
        Assert.Contains("2 never visible", points.Measured, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_lists_each_measure_and_each_target()
    {
        var table = ReportTable.Render(Report());

        Assert.Contains("| Registrations accepted (16 clients, as fast as it goes) | 1,200/s (24,000 in 20.0 s) |", table, StringComparison.Ordinal);
        Assert.Contains("| POST /users latency p50 / p95 / p99 / max | 4.2 ms / 9.5 ms / 14 ms / 40 ms |", table, StringComparison.Ordinal);
        Assert.Contains("| Redelivered messages / errors | 0 / 3 × HTTP 503 |", table, StringComparison.Ordinal);
        Assert.Contains("| Registrations/s ÷ ceiling | 0.80 |", table, StringComparison.Ordinal);
        Assert.Contains("| registrations/s ÷ the database ceiling ≥ 0.6 (sampled traces) | 0.80 | yes |", table, StringComparison.Ordinal);
        Assert.Contains("| POST p99 ≤ 20 ms at half the max rate | not measured | — |", table, StringComparison.Ordinal);
        Assert.Contains("2 cores, Linux; 10% of traces exported to the dashboard; load average at the end 1.50 1.20 1.00", table, StringComparison.Ordinal);
    }

    private static PhaseResult Phase(string name, double perSecond) => new(
        name, 16, null, 20, (long)(perSecond * 20), perSecond, Post, Points, 0, 0,
        new Dictionary<string, int> { ["HTTP 503"] = 3 }, new Dictionary<string, double> { ["user-service"] = 0.8 });

    [Fact]
    public void The_deployed_system_counts_only_its_own_processes_against_the_CPU_target_and_needs_the_sampled_ratio()
    {
        var max = Phase("max", 1200) with
        {
            CpuMsPerRegistration = new Dictionary<string, double> { ["user-service"] = 0.4, ["points-service"] = 0.3, ["rocketmq-broker"] = 0.2, ["postgres"] = 0.9 },
        };

        var deployed = Targets.Check(max, null, 0.55, null, traceSampling: 0.1, BenchSystem.Deployed);
        var apphost = Targets.Check(max, null, 0.55, null, traceSampling: 1, BenchSystem.AppHost);

        Assert.Equal((false, true), (deployed[0].Met, apphost[0].Met));
        Assert.Equal("0.90 ms", deployed[3].Measured);
        Assert.True(deployed[3].Met);
        Assert.Equal("1.80 ms", apphost[3].Measured);
        Assert.False(apphost[3].Met);
    }

    [Fact]
    public void Errors_or_redeliveries_in_either_phase_miss_the_clean_run_target()
    {
        var clean = Phase("max", 1200) with { Errors = new Dictionary<string, int>(), Redelivered = 0 };

        Assert.True(Targets.Check(clean, clean, null, null, null)[5].Met);
        Assert.False(Targets.Check(clean, clean with { Redelivered = 2 }, null, null, null)[5].Met);
        Assert.False(Targets.Check(clean with { Errors = new Dictionary<string, int> { ["HTTP 503"] = 1 } }, null, null, null, null)[5].Met);
    }

    private static ClientResult Client(double sends, double consumed) => new(16, 70000, sends, Post, 4, 32, 70000, consumed);

    private static BenchReport Report()
    {
        var max = Phase("max", 1200);
        return new BenchReport(
            "20261125-220000",
            DateTimeOffset.Parse("2026-11-25T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            new MachineInfo(2, "Linux", ".NET 10", [1.0, 1.0, 1.0], [1.5, 1.2, 1.0]),
            new RunSettings(16, null, 5, 20, 10, 10, 5, "apphost", null, 0.1),
            "local mode",
            12.5,
            null,
            max,
            null,
            new CeilingResult(16, 10, 15000, 1500, Post),
            0.8,
            Client(sends: 7000, consumed: 20000),
            null,
            Targets.Check(max, null, 0.8, null, 0.1));
    }
}
