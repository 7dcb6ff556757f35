namespace PointsDemo.RocketMq;

/// <summary>How a transaction check-back ends a half message.</summary>
public enum TransactionResolution
{
    /// <summary>Not known yet: nothing is sent and the broker asks again later.</summary>
    Unknown = 0,

    /// <summary>The local transaction committed: deliver the message.</summary>
    Commit = 1,

    /// <summary>The local transaction did not happen: discard the message.</summary>
    Rollback = 2,
}
