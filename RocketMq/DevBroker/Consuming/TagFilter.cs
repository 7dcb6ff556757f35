using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Grpc;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>A TAG filter expression: <c>*</c> (or empty) for every message, or tags joined by <c>||</c>.</summary>
internal sealed class TagFilter
{
    private readonly HashSet<string>? _tags;

    private TagFilter(HashSet<string>? tags) => _tags = tags;

    public static TagFilter All { get; } = new(null);

    /// <exception cref="StatusException">ILLEGAL_FILTER_EXPRESSION (40010): not a TAG expression this broker can apply.</exception>
    public static TagFilter Parse(FilterExpression? expression)
    {
        if (expression is null || expression.Type is FilterType.Tag or FilterType.Unspecified)
        {
            var text = expression?.Expression?.Trim() ?? "";
            if (text.Length == 0 || text == "*")
            {
                return All;
            }

            var tags = text.Split("||", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return tags.Length == 0
                ? throw new StatusException(Code.IllegalFilterExpression, $"illegal tag expression: {text}")
                : new TagFilter(new HashSet<string>(tags, StringComparer.Ordinal));
        }

        // SQL92 filtering needs the broker's enablePropertyFilter, off by default.
        throw new StatusException(Code.IllegalFilterExpression, "SQL filtering is not enabled on this broker (enablePropertyFilter=false)");
    }

    public bool Matches(string? tag) => _tags is null || (tag is not null && _tags.Contains(tag));
}
