using System.Text.RegularExpressions;

namespace PointsDemo.RocketMq.Internal.Validation;

/// <summary>The proxy's rules for topic and group names (semantics §6).</summary>
internal static partial class ResourceNames
{
    public const int MaxTopicLength = 127;
    public const int MaxGroupLength = 120;
    public const string Rule = "letters, digits, %, |, _ and -";

    public static bool IsValidTopic(string? name) => IsValid(name, MaxTopicLength);

    public static bool IsValidGroup(string? name) => IsValid(name, MaxGroupLength);

    private static bool IsValid(string? name, int maxLength) =>
        !string.IsNullOrEmpty(name) && name.Length <= maxLength && Allowed().IsMatch(name);

    [GeneratedRegex("^[%|a-zA-Z0-9_-]+$")]
    private static partial Regex Allowed();
}
