namespace PointsDemo.RocketMq;

/// <summary>Placeholder; the client library replaces it.</summary>
public sealed class RocketMqOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "RocketMq";
}
