using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PointsDemo.RocketMq.DevBroker.Inspection;

/// <summary>The read-only HTTP API: <c>GET /api/snapshot</c> (camelCase JSON, UTC times) and <c>GET /health</c>, on the inspection port only.</summary>
internal static class InspectionEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcDateTimeOffsetConverter() } };

    public static IEndpointRouteBuilder MapInspection(this IEndpointRouteBuilder endpoints, BrokerState broker, IBrokerInspector inspector)
    {
        var api = endpoints.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.LocalPort == broker.InspectionPort ? await next(context) : TypedResults.NotFound());
        api.MapGet("/api/snapshot", () => TypedResults.Json(inspector.TakeSnapshot(), Json));
        api.MapGet("/health", () => TypedResults.Text("ok"));
        return endpoints;
    }

    /// <summary>Writes times as UTC with a <c>Z</c> (<c>2026-11-25T21:00:00Z</c>), as the contract shows.</summary>
    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.UtcDateTime);
    }
}
