using Microsoft.AspNetCore.Http.HttpResults;
using PointsDemo.AppHost.Dashboard.Broker;
using PointsDemo.AppHost.Dashboard.Catalog;
using PointsDemo.AppHost.Dashboard.Pages;
using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard.Api;

/// <summary>The data behind the pages as JSON, for scripts and tests: the same filters as the pages.</summary>
internal static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/resources", (ResourceCatalog catalog) => TypedResults.Ok(catalog.All));
        api.MapGet("/console/{resource}", (ConsoleLogStore console, string resource) => TypedResults.Ok(console.For(resource)));
        api.MapGet("/logs", (TelemetryStore store, string? resource, string? level, string? text, string? traceId) =>
            TypedResults.Ok(store.FindLogs(new LogQuery(resource, level, text, traceId))));
        api.MapGet("/traces", (TelemetryStore store, string? service, string? name, string? minDurationMs) =>
            TypedResults.Ok(store.FindTraces(DashboardPages.TraceQueryFrom(service, name, minDurationMs))));
        api.MapGet("/traces/{traceId}", Trace);
        api.MapGet("/broker", async (BrokerInspection broker, CancellationToken ct) => TypedResults.Ok(await broker.ReadAsync(ct)));
        api.MapGet("/services", (TelemetryStore store) => TypedResults.Ok(store.Services));
        return endpoints;
    }

    private static Results<Ok<IReadOnlyList<SpanEntry>>, NotFound> Trace(TelemetryStore store, string traceId) =>
        store.GetTrace(traceId) is { } spans ? TypedResults.Ok(spans) : TypedResults.NotFound();
}
