using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// <see cref="RegistrationFlow"/> with the broker behind TCP forwarders, the shape of a published
/// container port: the broker listens on a port of its own but advertises <see cref="Forwarder"/>'s
/// in its routes and assignments. The services are given another forwarder's endpoint,
/// <see cref="AccessPoint"/>, so that whatever reaches <see cref="Forwarder"/> got there by following
/// a route. The broker records every call it gets (<see cref="Calls"/>).
/// </summary>
public sealed class ForwardedFlow(PostgresFixture postgres) : RegistrationFlow(postgres, "forwarded")
{
    /// <summary>The endpoint the broker advertises: a published port.</summary>
    internal TcpProxy Forwarder { get; } = new();

    /// <summary>The endpoint the services are configured with, where they ask for routes.</summary>
    internal TcpProxy AccessPoint { get; } = new();

    internal BrokerCalls Calls { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Forwarder.DisposeAsync();
        await AccessPoint.DisposeAsync();
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
        AccessPoint.Target = broker.Endpoint;
        return AccessPoint.Endpoint;
    }
}
