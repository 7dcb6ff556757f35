using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Tests.Support;
using OtlpSpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace PointsDemo.AppHost.Tests.Dashboard;

public sealed class DashboardPagesTests
{
    [Fact]
    public async Task Everything_that_comes_from_outside_is_html_encoded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = await RunningDashboard.StartAsync(ct);
        var traceId = OtlpPayloads.TraceId(9);
        var request = new OpenTelemetry.Proto.Collector.Trace.V1.ExportTraceServiceRequest();
        request.ResourceSpans.Add(OtlpPayloads.Resource("<b>evil</b>",
            OtlpPayloads.SpanOf(traceId, OtlpPayloads.SpanId(1), null, "<script>alert(1)</script>", OtlpSpanKind.Server, 0, 10, ("q", "\"><img src=x>"))));
        (await dashboard.PostAsync("v1/traces", request, ct)).Dispose();
        dashboard.State.Resources.Declare("<i>db</i>", "PostgreSQL", ["Host=<x>"]);
        dashboard.State.Console.Add(new ConsoleLine(DateTimeOffset.UtcNow, "<i>db</i>", "<script>x()</script>", IsError: false));

        var traces = await dashboard.Http.GetStringAsync(dashboard.Ui("traces"), ct);
        var trace = await dashboard.Http.GetStringAsync(dashboard.Ui($"traces/{OtlpPayloads.Hex(traceId)}"), ct);
        var resources = await dashboard.Http.GetStringAsync(dashboard.Ui("resources"), ct);
        var console = await dashboard.Http.GetStringAsync(dashboard.Ui("console?resource=%3Ci%3Edb%3C%2Fi%3E"), ct);

        foreach (var page in new[] { traces, trace, resources, console })
        {
            Assert.DoesNotContain("<script>", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>evil", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<i>db", page, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", trace, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x&gt;", trace, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;x()&lt;/script&gt;", console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_trace_and_a_missing_broker_are_explained_not_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dashboard = await RunningDashboard.StartAsync(ct);

        var trace = await dashboard.Http.GetStringAsync(dashboard.Ui("traces/00112233445566778899aabbccddeeff"), ct);
        var broker = await dashboard.Http.GetStringAsync(dashboard.Ui("broker"), ct);

        Assert.Contains("No spans of trace", trace, StringComparison.Ordinal);
        Assert.Contains("No dev broker inspection endpoint", broker, StringComparison.Ordinal);
    }
}
