using System.Diagnostics;
using PointsDemo.TestSupport;

namespace PointsDemo.Telemetry.Tests;

/// <summary>Finding a registration's spans among everything a capture collected.</summary>
internal static class SpanQueries
{
    public const string RocketMqSource = "PointsDemo.RocketMq";
    public const string Topic = "user-registered";

    public static string? Tag(this Activity span, string key) => span.GetTagItem(key)?.ToString();

    /// <summary>True for the client's process span of the message <paramref name="messageId"/> (its send, receive and ack carry the id too).</summary>
    public static bool IsProcessOf(this Activity span, string? messageId) =>
        span.Source.Name == RocketMqSource && span.Tag("messaging.operation.name") == "process" && span.Tag("messaging.message.id") == messageId;

    /// <summary>UserService's <c>POST /users</c> span (or <paramref name="name"/>'s) of the registration with <paramref name="key"/> = <paramref name="value"/>.</summary>
    public static Task<Activity> ServerSpanAsync(TelemetryCapture capture, string key, string value, string name = "POST /users") =>
        SpanAsync(capture, s => s.Kind == ActivityKind.Server && s.DisplayName == name && s.Tag(key) == value, $"{name} with {key}={value}");

    /// <summary>The child of <paramref name="parent"/> named <paramref name="name"/>.</summary>
    public static Task<Activity> ChildAsync(TelemetryCapture capture, Activity parent, string name) =>
        SpanAsync(capture, s => s.DisplayName == name && s.TraceId == parent.TraceId && s.ParentSpanId == parent.SpanId, $"'{name}' under '{parent.DisplayName}'");

    /// <summary>Waits until a span matching <paramref name="match"/> has ended (spans are exported when they end).</summary>
    public static async Task<Activity> SpanAsync(TelemetryCapture capture, Func<Activity, bool> match, string what)
    {
        try
        {
            var found = await Eventually.MeetsAsync(() => capture.Spans.Now().FirstOrDefault(match), span => span is not null, $"a span: {what}");
            return found!;
        }
        catch (TimeoutException exception)
        {
            var seen = capture.Spans.Now().Select(s => $"{s.Source.Name}: {s.DisplayName} ({s.Kind}) {s.TraceId}/{s.SpanId} <- {s.ParentSpanId} {string.Join(", ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))}").Distinct();
            throw new TimeoutException($"{exception.Message}. Spans seen:{Environment.NewLine}{string.Join(Environment.NewLine, seen)}", exception);
        }
    }

    /// <summary>The spans of <paramref name="capture"/> that descend from <paramref name="root"/>.</summary>
    public static IReadOnlyList<Activity> DescendantsOf(TelemetryCapture capture, Activity root)
    {
        var inTrace = capture.Spans.Now().Where(s => s.TraceId == root.TraceId).DistinctBy(s => s.SpanId).ToList();
        var descendants = new List<Activity>();
        var parents = new HashSet<ActivitySpanId> { root.SpanId };
        for (var grew = true; grew;)
        {
            var next = inTrace.Where(s => !parents.Contains(s.SpanId) && parents.Contains(s.ParentSpanId)).ToList();
            descendants.AddRange(next);
            parents.UnionWith(next.Select(s => s.SpanId));
            grew = next.Count > 0;
        }

        return descendants;
    }
}
