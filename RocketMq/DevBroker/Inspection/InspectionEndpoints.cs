using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace PointsDemo.RocketMq.DevBroker.Inspection;

/// <summary>
/// The inspection HTTP API, on the inspection port only: <c>GET /api/snapshot</c> (camelCase JSON,
/// UTC times), <c>GET /health</c>, and the one operator action,
/// <c>POST /api/half-messages/{messageId}/resume-checks</c>: a half message in
/// TRANS_CHECK_MAX_TIME_TOPIC is checked again (200), or none has that id (404).
/// </summary>
internal static class InspectionEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcDateTimeOffsetConverter() } };

    public static IEndpointRouteBuilder MapInspection(this IEndpointRouteBuilder endpoints, BrokerState broker, IBrokerInspector inspector)
    {
        var api = endpoints.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.LocalPort == broker.InspectionPort ? await next(context) : TypedResults.NotFound());
        api.MapGet("/api/snapshot", () => TypedResults.Json(inspector.TakeSnapshot(), Json));
        api.MapGet("/health", () => TypedResults.Text("ok"));
        api.MapPost("/api/half-messages/{messageId}/resume-checks", ResumeChecksAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<ResumedChecks>, NotFound<ResumedChecks>>> ResumeChecksAsync(string messageId, BrokerState broker, CancellationToken cancellationToken) =>
        await broker.ResumeChecksAsync(messageId, cancellationToken)
            ? TypedResults.Ok(new ResumedChecks(messageId, "checked again from the first check on"))
            : TypedResults.NotFound(new ResumedChecks(messageId, $"no half message {messageId} in {Transactions.HalfMessageStore.CheckMaxTopic}"));

    /// <summary>What a resume answers.</summary>
    private sealed record ResumedChecks(string MessageId, string Result);

    /// <summary>Writes times as UTC with a <c>Z</c> (<c>2026-11-25T21:00:00Z</c>), as the contract shows.</summary>
    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.UtcDateTime);
    }
}
