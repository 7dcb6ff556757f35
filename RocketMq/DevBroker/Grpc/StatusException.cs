using Apache.Rocketmq.V2;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

/// <summary>
/// A request refused with a status code. <see cref="StatusInterceptor"/> turns it into the
/// response's <c>status</c> (gRPC itself stays OK), as the proxy does for every unary and
/// server-streaming RPC.
/// </summary>
internal sealed class StatusException(Code code, string message) : Exception(message)
{
    public Code Code { get; } = code;

    public Status ToStatus() => new() { Code = Code, Message = Message };
}
