using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

/// <summary>Response statuses as the proxy writes them.</summary>
internal static class Statuses
{
    public static Status Ok() => new() { Code = Code.Ok, Message = "OK" };

    public static Status Of(Code code, string message) => new() { Code = code, Message = message };

    public static Status ClientIdRequired() => Of(Code.ClientIdRequired, "client id cannot be empty");

    /// <summary>
    /// The top-level status of a multi-entry reply: the entries' common code, MULTIPLE_RESULTS
    /// when they differ, INTERNAL_SERVER_ERROR when there are none.
    /// </summary>
    public static Status Aggregate(IReadOnlyCollection<Status> entries)
    {
        if (entries.Count == 0)
        {
            return Of(Code.InternalServerError, "no result");
        }

        var first = entries.First();
        return entries.All(e => e.Code == first.Code)
            ? first.Clone()
            : Of(Code.MultipleResults, "multiple results");
    }
}
