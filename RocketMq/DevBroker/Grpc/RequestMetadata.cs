using Grpc.Core;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

/// <summary>The request headers the proxy reads (semantics §0.1).</summary>
internal static class RequestMetadata
{
    public const string ClientIdHeader = "x-mq-client-id";
    public const string ClientVersionHeader = "x-mq-client-version";
    public const string LanguageHeader = "x-mq-language";

    public static string? ClientId(ServerCallContext context) => Header(context, ClientIdHeader);

    public static string? ClientVersion(ServerCallContext context) => Header(context, ClientVersionHeader);

    public static string? Language(ServerCallContext context) => Header(context, LanguageHeader);

    private static string? Header(ServerCallContext context, string name) =>
        context.RequestHeaders.GetValue(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
