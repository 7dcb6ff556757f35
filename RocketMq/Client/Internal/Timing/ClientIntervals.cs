namespace PointsDemo.RocketMq.Internal.Timing;

/// <summary>
/// The client's background rhythm, with the official C# client's defaults (protocol
/// "Client-side defaults"). Tests shorten them; applications do not need to.
/// </summary>
internal sealed record ClientIntervals
{
    public static ClientIntervals Default { get; } = new();

    public TimeSpan FirstHeartbeat { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan FirstRouteRefresh { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RouteRefresh { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan SettingsSync { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a new Telemetry stream waits for the broker's settings before going on.</summary>
    public TimeSpan SettingsWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long each goodbye at shutdown may take (NotifyClientTermination, the broker's end of a
    /// Telemetry stream). They are courtesies: a broker that is gone, or a proxy in front of it that
    /// still accepts connections, must not hold an application's shutdown for a request timeout each.
    /// </summary>
    public TimeSpan Farewell { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reconnecting a broken stream, or retrying a start-up the broker was not up for.</summary>
    public BackoffPolicy Reconnect { get; init; } = new(int.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 2);
}
