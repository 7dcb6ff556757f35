using Apache.Rocketmq.V2;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

/// <summary>
/// <c>apache.rocketmq.v2.MessagingService</c> with the real proxy's semantics, split by concern:
/// routes, clients (settings, heartbeat, termination), producing (send, end transaction) and
/// consuming (receive, ack, invisible duration, dead letters). Errors are thrown as
/// <see cref="StatusException"/> and answered by <see cref="StatusInterceptor"/>.
/// </summary>
internal sealed partial class MessagingServiceImpl(BrokerState broker, ILogger<MessagingServiceImpl> logger) : MessagingService.MessagingServiceBase
{
    private DevBrokerOptions Options => broker.Options;

    /// <summary>The client id; the interceptor has already refused calls without one.</summary>
    private static string ClientId(ServerCallContext context) => RequestMetadata.ClientId(context) ?? "";

    /// <summary>The broker's own address, for routes when the client sent no access point.</summary>
    private Endpoints OwnEndpoints() => new()
    {
        Scheme = AddressScheme.Ipv4,
        Addresses = { new Address { Host = "127.0.0.1", Port = broker.Port } },
    };
}
