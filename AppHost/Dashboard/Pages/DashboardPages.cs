using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PointsDemo.AppHost.Dashboard.Broker;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>The dashboard's pages: server-rendered HTML, one route per page.</summary>
internal static class DashboardPages
{
    private const string HtmlContentType = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Redirect("/resources"));
        endpoints.MapGet("/resources", Resources);
        endpoints.MapGet("/console", Console);
        endpoints.MapGet("/structuredlogs", StructuredLogs);
        endpoints.MapGet("/traces", Traces);
        endpoints.MapGet("/traces/{traceId}", Trace);
        endpoints.MapGet("/broker", BrokerAsync);
        return endpoints;
    }

    /// <summary>Reads the trace search from the query string; a minimum duration that is not a number is ignored.</summary>
    public static TraceQuery TraceQueryFrom(string? service, string? name, string? minDurationMs) =>
        new(service, name, double.TryParse(minDurationMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null);

    private static ContentHttpResult Resources(ResourceCatalog catalog) =>
        TypedResults.Content(ResourcesPage.Render(catalog.All), HtmlContentType);

    private static ContentHttpResult Console(ConsoleLogStore console, ResourceCatalog catalog, string? resource) =>
        TypedResults.Content(
            ConsoleLogsPage.Render([.. catalog.All.Select(r => r.Name).Union(console.Resources)], resource, resource is null ? [] : console.For(resource)),
            HtmlContentType);

    private static ContentHttpResult StructuredLogs(TelemetryStore store, string? resource, string? level, string? text, string? traceId)
    {
        var query = new LogQuery(resource, level, text, traceId);
        return TypedResults.Content(StructuredLogsPage.Render(store.Services, query, store.FindLogs(query)), HtmlContentType);
    }

    private static ContentHttpResult Traces(TelemetryStore store, string? service, string? name, string? minDurationMs)
    {
        var query = TraceQueryFrom(service, name, minDurationMs);
        return TypedResults.Content(TracesPage.Render(store.Services, query, store.FindTraces(query)), HtmlContentType);
    }

    private static ContentHttpResult Trace(TelemetryStore store, string traceId) =>
        TypedResults.Content(TraceDetailPage.Render(traceId, store.GetTrace(traceId)), HtmlContentType);

    private static async Task<ContentHttpResult> BrokerAsync(BrokerInspection broker, CancellationToken cancellationToken) =>
        TypedResults.Content(BrokerPage.Render(await broker.ReadAsync(cancellationToken)), HtmlContentType);
}
