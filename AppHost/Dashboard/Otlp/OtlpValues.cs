using System.Globalization;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using PointsDemo.AppHost.Dashboard.Telemetry;

namespace PointsDemo.AppHost.Dashboard.Otlp;

/// <summary>OTLP's building blocks (values, ids, times) rendered the way the dashboard shows them.</summary>
internal static class OtlpValues
{
    public const string ServiceNameKey = "service.name";
    public const string UnknownService = "unknown_service";

    public static string Render(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Render)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {Render(kv.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    public static IReadOnlyList<TelemetryAttribute> Attributes(IEnumerable<KeyValue> attributes) =>
        [.. attributes.Select(kv => new TelemetryAttribute(kv.Key, Render(kv.Value)))];

    /// <summary>Trace and span ids as lowercase hex; empty (a root's parent, a log outside a span) as <see langword="null"/>.</summary>
    public static string? Id(ByteString id) =>
        id.IsEmpty || id.Span.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(id.Span);

    public static DateTimeOffset Time(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    public static string ServiceName(IReadOnlyList<TelemetryAttribute> resource) =>
        resource.FirstOrDefault(a => a.Key == ServiceNameKey)?.Value is { Length: > 0 } name ? name : UnknownService;
}
