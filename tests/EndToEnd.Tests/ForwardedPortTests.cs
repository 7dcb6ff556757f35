using System.Net;
using Apache.Rocketmq.V2;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// The whole flow with the broker reachable only through TCP forwarders, as a broker in a container
/// is reachable only through its published port: every call the broker serves must come in through
/// a forwarder, every route must name the one it advertises, and the clients must follow the routes
/// there to send, receive, end transactions and hold the telemetry stream that carries check-backs.
/// </summary>
public sealed class ForwardedPortTests(ForwardedFlow flow) : IClassFixture<ForwardedFlow>
{
    [Fact]
    public async Task A_registration_through_the_forwarder_is_granted_its_points()
    {
        var email = $"forwarded-{Guid.NewGuid():N}@example.com";

        Assert.Equal(HttpStatusCode.Created, await flow.RegisterAsync(email));

        var state = await flow.InvariantHoldsAsync();
        Assert.Equal((FlowState.RegistrationPoints, 1L), state.Points[UserOf(state, email)]);
        Assert.True(flow.Forwarder.Connections > 0, "The forwarder carried no connection.");
        AssertOnlyTheForwarderWasUsed();
    }

    [Fact]
    public async Task A_check_back_through_the_forwarder_resolves_a_half_message_whose_end_transaction_was_never_sent()
    {
        var email = $"forwarded-check-back-{Guid.NewGuid():N}@example.com";
        var sentBefore = flow.Calls.Sent.Count;

        // UserService commits the user, then dies before it ends the transaction.
        Assert.Equal(HttpStatusCode.InternalServerError, await flow.RegisterAsync(email, CrashPoint.AfterLocalCommit));

        var state = await flow.InvariantHoldsAsync();
        Assert.Equal((FlowState.RegistrationPoints, 1L), state.Points[UserOf(state, email)]);
        var half = Assert.Single(flow.Calls.Sent.Skip(sentBefore));
        var checkBacks = flow.Calls.CheckBacks.Where(c => c.MessageId == half).ToList();
        Assert.NotEmpty(checkBacks);
        Assert.All(checkBacks, c => Assert.Contains(c.Peer, flow.Forwarder.UpstreamEndpoints));
        var ends = flow.Calls.EndTransactions.Where(e => e.MessageId == half).ToList();
        Assert.NotEmpty(ends);
        Assert.All(ends, e => Assert.Equal((TransactionSource.SourceServerCheck, TransactionResolution.Commit), (e.Source, e.Resolution)));
        Assert.All(flow.Calls.PeersOf("EndTransaction"), peer => Assert.Contains(peer, flow.Forwarder.UpstreamEndpoints));
        AssertOnlyTheForwarderWasUsed();
    }

    private static Guid UserOf(FlowState state, string email) => state.Users.Single(u => u.Value == email).Key;

    /// <summary>
    /// The broker named only the forwarder to its clients, and every connection it served a call on
    /// was one the forwarder opened: nothing reached the broker's own port directly.
    /// </summary>
    private void AssertOnlyTheForwarderWasUsed()
    {
        Assert.Equal(3, new[] { flow.Broker.Endpoint, flow.Forwarder.Endpoint, flow.AccessPoint.Endpoint }.Distinct().Count());
        Assert.NotEmpty(flow.Calls.AdvertisedEndpoints);
        Assert.All(flow.Calls.AdvertisedEndpoints, endpoint => Assert.Equal(flow.Forwarder.Endpoint, endpoint));
        var forwarded = flow.Forwarder.UpstreamEndpoints.Concat(flow.AccessPoint.UpstreamEndpoints).ToList();
        Assert.NotEmpty(flow.Calls.Peers);
        Assert.All(flow.Calls.Peers, peer => Assert.Contains(peer, forwarded));

        // The services were never given the advertised endpoint: only the routes lead there.
        foreach (var method in (string[])["SendMessage", "ReceiveMessage", "AckMessage", "Telemetry"])
        {
            var peers = flow.Calls.PeersOf(method);
            Assert.True(peers.Count > 0, $"No {method} call reached the broker.");
            Assert.All(peers, peer => Assert.Contains(peer, flow.Forwarder.UpstreamEndpoints));
        }
    }
}
