using System.Text.Json;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>The read-only inspection API over HTTP/1.1, in the JSON shape the dashboard reads.</summary>
public sealed class InspectionTests
{
    [Fact]
    public async Task The_snapshot_endpoint_shows_topics_groups_half_messages_and_clients_as_camel_case_json()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync(o =>
        {
            o.InspectionPort = 0;
            o.TransactionCheckInterval = TimeSpan.FromMinutes(10); // keep the half message unchecked
            o.ConsumerGroups.Add("points-service");
        });
        var producer = await harness.StartProducerAsync();
        var sent = await producer.BeginTransaction().SendAsync(TransactionTests.Registration("r-inspected"), ct);
        using var http = new HttpClient { BaseAddress = harness.Broker.InspectionEndpoint };

        var health = await http.GetStringAsync(new Uri("/health", UriKind.Relative), ct);
        using var response = await http.GetAsync(new Uri("/api/snapshot", UriKind.Relative), ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));

        Assert.Equal("ok", health);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = json.RootElement;
        Assert.Equal(harness.Broker.Endpoint, root.GetProperty("grpcEndpoint").GetString());
        Assert.EndsWith("Z", root.GetProperty("startedAt").GetString(), StringComparison.Ordinal);
        var topic = root.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("name").GetString() == BrokerHarness.TransactionTopic);
        Assert.Equal(
            ("TRANSACTION", 8, 0, 0, 1, 0),
            (topic.GetProperty("messageType").GetString(), topic.GetProperty("queueCount").GetInt32(), topic.GetProperty("ready").GetInt32(),
                topic.GetProperty("inFlight").GetInt32(), topic.GetProperty("halfMessages").GetInt32(), topic.GetProperty("stored").GetInt32()));
        var group = Assert.Single(root.GetProperty("groups").EnumerateArray());
        Assert.Equal(["name", "ready", "inFlight", "acked", "redelivered", "deadLettered"], group.EnumerateObject().Select(p => p.Name));
        var half = Assert.Single(root.GetProperty("halfMessages").EnumerateArray());
        Assert.Equal(
            ["topic", "messageId", "keys", "tag", "producerGroup", "storedAt", "checksSent", "nextCheckAt", "movedToCheckMaxAt"],
            half.EnumerateObject().Select(p => p.Name));
        Assert.Equal((sent.MessageId, "UserRegistered", "r-inspected", 0), (half.GetProperty("messageId").GetString(), half.GetProperty("tag").GetString(),
            half.GetProperty("keys")[0].GetString(), half.GetProperty("checksSent").GetInt32()));
        Assert.Empty(root.GetProperty("deadLetters").EnumerateArray());
        var client = Assert.Single(root.GetProperty("clients").EnumerateArray());
        Assert.Equal(
            (producer.ClientId, "PRODUCER", JsonValueKind.Null, BrokerHarness.TransactionTopic),
            (client.GetProperty("clientId").GetString(), client.GetProperty("kind").GetString(), client.GetProperty("group").ValueKind, client.GetProperty("topics")[0].GetString()));
    }

    [Fact]
    public async Task Without_an_inspection_port_no_http_api_is_served()
    {
        await using var harness = await BrokerHarness.StartAsync();

        Assert.Null(harness.Broker.InspectionEndpoint);
        Assert.NotNull(harness.Inspector.TakeSnapshot());
    }
}
