using OpenTelemetry.Proto.Logs.V1;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Tests.Support;

namespace PointsDemo.AppHost.Tests.Dashboard;

/// <summary>Every page as a browser renders it (headless Chromium), over a dashboard fed real OTLP protobuf.</summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task Every_page_renders_in_chromium_and_the_trace_waterfall_is_kept_as_a_screenshot()
    {
        var ct = TestContext.Current.CancellationToken;
        _ = Chromium.Program; // fails first, with the install line, when Chromium is missing
        await using var dashboard = await RunningDashboard.StartAsync(ct);
        await using var broker = await FakeBrokerInspection.StartAsync(ct);
        await SeedAsync(dashboard, broker, ct);
        var traceId = OtlpPayloads.Hex(OtlpPayloads.TraceId(1));

        var resources = await Chromium.DumpDomAsync(dashboard.Ui("resources"), ct);
        Assert.Contains("id=\"resources\"", resources, StringComparison.Ordinal);
        Assert.Contains("user-service", resources, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5101/swagger", resources, StringComparison.Ordinal);
        Assert.Contains("Running", resources, StringComparison.Ordinal);

        var console = await Chromium.DumpDomAsync(dashboard.Ui("console?resource=user-service"), ct);
        Assert.Contains("Now listening on: http://localhost:5101", console, StringComparison.Ordinal);

        var logs = await Chromium.DumpDomAsync(dashboard.Ui("structuredlogs?resource=points-service&level=Warning&text=points"), ct);
        Assert.Contains("Granting 100 points took long", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("Registered user ada@example.com", logs, StringComparison.Ordinal);

        var traces = await Chromium.DumpDomAsync(dashboard.Ui("traces?service=points-service&minDurationMs=100"), ct);
        Assert.Contains("user-service: POST /users", traces, StringComparison.Ordinal);
        Assert.Contains(traceId, traces, StringComparison.Ordinal);
        var none = await Chromium.DumpDomAsync(dashboard.Ui("traces?minDurationMs=5000"), ct);
        Assert.Contains("No traces match.", none, StringComparison.Ordinal);

        var waterfallUrl = dashboard.Ui($"traces/{traceId}");
        var waterfall = await Chromium.DumpDomAsync(waterfallUrl, ct);
        Assert.Contains("id=\"waterfall\"", waterfall, StringComparison.Ordinal);
        Assert.Equal(5, CountOf(waterfall, "class=\"span\""));
        Assert.Contains("data-service=\"points-service\"", waterfall, StringComparison.Ordinal);
        Assert.Contains("messaging.destination.name", waterfall, StringComparison.Ordinal);
        Assert.Contains("user validated", waterfall, StringComparison.Ordinal);
        Assert.Contains("deadlock detected", waterfall, StringComparison.Ordinal);

        var brokerPage = await Chromium.DumpDomAsync(dashboard.Ui("broker"), ct);
        Assert.Contains("id=\"topics\"", brokerPage, StringComparison.Ordinal);
        Assert.Contains("TRANSACTION", brokerPage, StringComparison.Ordinal);
        Assert.Contains("01HALF0001", brokerPage, StringComparison.Ordinal);
        Assert.Contains("%DLQ%points-service", brokerPage, StringComparison.Ordinal);
        Assert.Contains("01DEAD0001", brokerPage, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;poison&lt;/b&gt;", brokerPage, StringComparison.Ordinal);

        var screenshot = ArtifactFolder.PathOf("trace-waterfall.png");
        await Chromium.ScreenshotAsync(waterfallUrl, screenshot, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"Trace waterfall screenshot: {screenshot}");
    }

    private static async Task SeedAsync(RunningDashboard dashboard, FakeBrokerInspection broker, CancellationToken ct)
    {
        (await dashboard.PostAsync("v1/traces", OtlpPayloads.Registration(1), ct)).EnsureSuccessStatusCode().Dispose();
        (await dashboard.PostAsync("v1/logs", OtlpPayloads.Logs(OtlpPayloads.TraceId(1),
            ("user-service", SeverityNumber.Info, "Registered user ada@example.com"),
            ("points-service", SeverityNumber.Warn, "Granting 100 points took long")), ct)).EnsureSuccessStatusCode().Dispose();
        var resources = dashboard.State.Resources;
        resources.Declare("user-service", "Project", ["http://localhost:5101/swagger"]);
        resources.Update("user-service", r => r with { State = ResourceState.Running, Health = "Healthy", ProcessId = 4242, StartedAt = DateTimeOffset.UtcNow });
        dashboard.State.Console.Add(new ConsoleLine(DateTimeOffset.UtcNow, "user-service", "Now listening on: http://localhost:5101", IsError: false));
        dashboard.State.Broker.Attach(broker.Endpoint);
    }

    private static int CountOf(string text, string fragment)
    {
        var count = 0;
        for (var at = text.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = text.IndexOf(fragment, at + fragment.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
