using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// <see cref="RegistrationFlow"/> with the broker behind a TCP forwarder, the shape of a published
/// container port: the broker listens on a port of its own but advertises the forwarder's in its
/// routes and assignments, and the services are given only the forwarder's endpoint. The broker
/// records every call it gets (<see cref="Calls"/>).
/// </summary>
public sealed class ForwardedFlow(PostgresFixture postgres) : RegistrationFlow(postgres, "forwarded")
{
    internal TcpProxy Forwarder { get; } = new();

    internal BrokerCalls Calls { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Forwarder.DisposeAsync();
    }

    private protected override void ConfigureBroker(DevBrokerOptions options)
    {
        base.ConfigureBroker(options);
        options.AdvertisedEndpoint = Forwarder.Endpoint;
        options.Interceptors.Add(Calls);
    }

    private protected override string ServicesEndpoint(Broker broker)
    {
        Forwarder.Target = broker.Endpoint;
        return Forwarder.Endpoint;
    }
}
