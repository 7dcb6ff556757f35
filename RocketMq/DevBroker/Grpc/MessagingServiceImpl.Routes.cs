using Apache.Rocketmq.V2;
using Grpc.Core;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Validation;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

internal sealed partial class MessagingServiceImpl
{
    /// <summary>
    /// The topic's queues, all READ_WRITE on this broker (id 0), whose endpoints are the advertised
    /// endpoint if one is set, else the access point the client used, as the proxy in cluster mode
    /// does (RouteActivity.convertToAddressList); unknown topics are 40402.
    /// </summary>
    public override Task<QueryRouteResponse> QueryRoute(QueryRouteRequest request, ServerCallContext context)
    {
        var topic = RequireTopic(request.Topic);
        var broker = RouteBroker(request.Endpoints);
        var response = new QueryRouteResponse { Status = Statuses.Ok() };
        for (var id = 0; id < topic.QueueCount; id++)
        {
            response.MessageQueues.Add(Queue(request.Topic, id, topic, broker));
        }

        return Task.FromResult(response);
    }

    /// <summary>For push consumers: one assignment for the broker, queue id -1 (the group is not FIFO).</summary>
    public override Task<QueryAssignmentResponse> QueryAssignment(QueryAssignmentRequest request, ServerCallContext context)
    {
        var topic = RequireTopic(request.Topic);
        ResourceNames.CheckGroup(request.Group);
        var response = new QueryAssignmentResponse { Status = Statuses.Ok() };
        response.Assignments.Add(new Assignment { MessageQueue = Queue(request.Topic, -1, topic, RouteBroker(request.Endpoints)) });
        return Task.FromResult(response);
    }

    /// <summary>A declared topic, or TOPIC_NOT_FOUND with the name server's words.</summary>
    private TopicLog RequireTopic(Resource? resource) => FindTopic(ResourceNames.CheckTopic(resource));

    private TopicLog FindTopic(string name) =>
        broker.Topics.Find(name) ?? throw new StatusException(
            Code.TopicNotFound,
            $"CODE: 17  DESC: No topic route info in name server for the topic: {name}\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.");

    private Broker RouteBroker(Endpoints? accessPoint) => new()
    {
        Name = BrokerState.BrokerName,
        Id = 0,
        Endpoints = AdvertisedEndpoints()
            ?? (accessPoint is { Addresses.Count: > 0 } ? accessPoint.Clone() : OwnEndpoints()),
    };

    private Endpoints? AdvertisedEndpoints()
    {
        if (Options.AdvertisedEndpoint is not { } text || !DevBrokerOptions.TryParseEndpoint(text, out var host, out var port))
        {
            return null;
        }

        var scheme = System.Net.IPAddress.TryParse(host, out var ip)
            ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? AddressScheme.Ipv6 : AddressScheme.Ipv4
            : AddressScheme.DomainName;
        return new Endpoints { Scheme = scheme, Addresses = { new Address { Host = host, Port = port } } };
    }

    private static MessageQueue Queue(Resource topic, int id, TopicLog log, Broker broker)
    {
        var queue = new MessageQueue { Topic = topic.Clone(), Id = id, Permission = Permission.ReadWrite, Broker = broker };
        queue.AcceptMessageTypes.AddRange(MessageTypes.Accepted(log.Definition.Type));
        return queue;
    }
}
