using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Tests.Client;

public sealed class TopicRouteTests
{
    [Fact]
    public void Keeps_master_queues_and_splits_them_by_permission()
    {
        var route = new TopicRoute("t",
        [
            Queue(0, Permission.Read, "a", 1),
            Queue(1, Permission.Write, "a", 1),
            Queue(2, Permission.ReadWrite, "a", 1),
            Queue(3, Permission.None, "a", 1),
            Queue(4, Permission.ReadWrite, "slave", 1, brokerId: 1),
        ]);

        Assert.Equal([1, 2], route.Writable.Select(q => q.Id));
        Assert.Equal([0, 2], route.Readable.Select(q => q.Id));
        Assert.Equal([new Endpoint("a", 1)], route.Endpoints);
    }

    [Fact]
    public void Takes_queues_round_robin()
    {
        var route = new TopicRoute("t", [Queue(0, Permission.ReadWrite, "a", 1), Queue(1, Permission.ReadWrite, "a", 1), Queue(2, Permission.ReadWrite, "a", 1)]);

        var ids = Enumerable.Range(0, 6).Select(_ => route.Next(route.Writable)!.Id).ToArray();

        Assert.Equal(ids[..3].Order(), [0, 1, 2]);
        Assert.Equal(ids[..3], ids[3..]);
    }

    [Fact]
    public void A_retry_avoids_the_broker_that_failed_when_another_has_queues()
    {
        var route = new TopicRoute("t", [Queue(0, Permission.ReadWrite, "a", 1), Queue(1, Permission.ReadWrite, "b", 1), Queue(2, Permission.ReadWrite, "a", 1)]);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal("b", route.Next(route.Writable, avoid: new Endpoint("a", 1))!.Endpoint.Host));
        Assert.Null(route.Next(route.Readable.Where(_ => false).ToArray()));
    }

    private static MessageQueue Queue(int id, Permission permission, string host, int port, int brokerId = 0) => new()
    {
        Topic = new Resource { Name = "t" },
        Id = id,
        Permission = permission,
        AcceptMessageTypes = { MessageType.Transaction },
        Broker = new Broker
        {
            Name = host,
            Id = brokerId,
            Endpoints = new Endpoints { Scheme = AddressScheme.DomainName, Addresses = { new Address { Host = host, Port = port } } },
        },
    };
}
