using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.DevBroker.Grpc;

namespace PointsDemo.RocketMq.DevBroker.Consuming;

/// <summary>
/// How long a receive may wait, as the proxy computes it (semantics §3.1 step 2): the request's
/// long-polling timeout (or the deadline left minus half the client's request timeout), clamped to
/// [min, max], then cut to the deadline left when that is still at least the minimum.
/// </summary>
internal static class LongPolling
{
    /// <summary>The first client version that understands ILLEGAL_POLLING_TIME (older ones get BAD_REQUEST).</summary>
    public const string PollingTimeCodeSince = "5.0.3";

    /// <param name="requested">The request's <c>long_polling_timeout</c>, if present.</param>
    /// <param name="remaining">Time left until the call's deadline; null without a deadline.</param>
    /// <param name="requestTimeout">The client's request timeout from its settings.</param>
    /// <param name="min">The broker's shortest poll.</param>
    /// <param name="max">The broker's longest poll.</param>
    /// <param name="clientVersion">The <c>x-mq-client-version</c> header.</param>
    /// <exception cref="StatusException">ILLEGAL_POLLING_TIME (40018), or BAD_REQUEST (40000) for old clients: too little time left.</exception>
    public static TimeSpan Compute(TimeSpan? requested, TimeSpan? remaining, TimeSpan requestTimeout, TimeSpan min, TimeSpan max, string? clientVersion)
    {
        var poll = requested ?? (remaining is { } left ? left - (requestTimeout / 2) : max);
        poll = poll < min ? min : poll > max ? max : poll;
        if (remaining is not { } deadlineLeft || poll <= deadlineLeft)
        {
            return poll;
        }

        if (deadlineLeft >= min)
        {
            return deadlineLeft;
        }

        var code = clientVersion is null || string.CompareOrdinal(clientVersion, PollingTimeCodeSince) < 0 ? Code.BadRequest : Code.IllegalPollingTime;
        throw new StatusException(code, "The deadline time remaining is not enough for polling, please check network condition");
    }
}
