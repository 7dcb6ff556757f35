using System.Text.Json.Nodes;
using Google.Protobuf;

namespace PointsDemo.AppHost.Dashboard.Otlp;

/// <summary>
/// OTLP/JSON differs from protobuf's JSON mapping in one way that matters: trace and span ids are
/// hex, not base64. Rewriting those fields lets protobuf's own parser read the rest.
/// </summary>
internal static class OtlpJson
{
    private static readonly HashSet<string> IdFields = new(StringComparer.Ordinal) { "traceId", "spanId", "parentSpanId" };
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T Parse<T>(string json)
        where T : IMessage, new()
    {
        var root = JsonNode.Parse(json) ?? throw new FormatException("The body is empty JSON.");
        RewriteIds(root);
        return Parser.Parse<T>(root.ToJsonString());
    }

    private static void RewriteIds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (IdFields.Contains(name) && value is JsonValue id && id.TryGetValue<string>(out var hex))
                    {
                        obj[name] = HexToBase64(hex);
                    }
                    else if (value is not null)
                    {
                        RewriteIds(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteIds(item);
                    }
                }

                break;
        }
    }

    private static string HexToBase64(string hex)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException error)
        {
            // Rethrown with the offending value: the client sees it in the 400 answer.
            throw new FormatException($"'{hex}' is not a hex id.", error);
        }
    }
}
