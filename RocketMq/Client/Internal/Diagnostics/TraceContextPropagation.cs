using System.Diagnostics;

namespace PointsDemo.RocketMq.Internal.Diagnostics;

/// <summary>
/// Carries a span's W3C trace context in a message: <c>traceparent</c> and <c>tracestate</c> user
/// properties (what other W3C-aware consumers look for) and <c>system_properties.trace_context</c>.
/// </summary>
internal static class TraceContextPropagation
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>The <c>traceparent</c> of the activity, or null when it has no W3C id.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C }
            ? $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{((activity.ActivityTraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}"
            : null;

    /// <summary>Writes the activity's context into the properties; returns the <c>traceparent</c> written, if any.</summary>
    public static string? Inject(Activity? activity, IDictionary<string, string> properties)
    {
        if (TraceParentOf(activity) is not { } traceParent)
        {
            return null;
        }

        properties[TraceParent] = traceParent;
        if (!string.IsNullOrEmpty(activity!.TraceStateString))
        {
            properties[TraceState] = activity.TraceStateString;
        }

        return traceParent;
    }

    /// <summary>The context a message carries: its properties first, then its system trace context.</summary>
    public static ActivityContext? Extract(IReadOnlyDictionary<string, string> properties, string? systemTraceContext)
    {
        properties.TryGetValue(TraceState, out var traceState);
        if (properties.TryGetValue(TraceParent, out var traceParent) && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context))
        {
            return context;
        }

        return !string.IsNullOrEmpty(systemTraceContext) && ActivityContext.TryParse(systemTraceContext, null, isRemote: true, out context)
            ? context
            : null;
    }
}
