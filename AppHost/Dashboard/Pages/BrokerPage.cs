using System.Globalization;
using System.Text;
using PointsDemo.AppHost.Dashboard.Broker;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.AppHost.Dashboard.Pages;

/// <summary>The dev broker's state: topics and queue depth, half messages awaiting check-back, dead letters.</summary>
internal static class BrokerPage
{
    public static string Render(BrokerView view)
    {
        var body = new StringBuilder();
        if (view.Snapshot is not { } broker)
        {
            body.Append($"<p class=\"muted\" id=\"broker-problem\">{Html.E(view.Problem)}</p>");
            return Layout.Page("Broker", "/broker", body.ToString(), refreshSeconds: 5);
        }

        body.Append($"<p>gRPC endpoint <code>{Html.E(broker.GrpcEndpoint)}</code> · started {Html.E(Html.Time(broker.StartedAt))}</p>");
        body.Append("<h2>Topics</h2>").Append(Html.Table(
            ["Topic", "Type", "Queues", "Ready", "In flight", "Half messages", "Stored"],
            broker.Topics.Select(t => Cells(Html.E(t.Name), Html.E(t.MessageType), N(t.QueueCount), N(t.Ready), N(t.InFlight), N(t.HalfMessages), N(t.Stored))),
            "topics"));
        body.Append("<h2>Consumer groups</h2>").Append(Html.Table(
            ["Group", "Ready", "In flight", "Acked", "Redelivered", "Dead-lettered"],
            broker.Groups.Select(g => Cells(Html.E(g.Name), N(g.Ready), N(g.InFlight), N(g.Acked), N(g.Redelivered), N(g.DeadLettered))),
            "groups"));
        body.Append("<h2>Half messages awaiting check-back</h2>").Append(broker.HalfMessages.Count == 0
            ? "<p class=\"muted\" id=\"no-half-messages\">None.</p>"
            : Html.Table(
                ["Topic", "Message id", "Keys", "Tag", "Stored", "Checks sent", "Next check"],
                broker.HalfMessages.Select(h => Cells(
                    Html.E(h.Topic), $"<code>{Html.E(h.MessageId)}</code>", Html.E(string.Join(", ", h.Keys ?? [])), Html.E(h.Tag),
                    Html.E(Html.Time(h.StoredAt)), N(h.ChecksSent), Html.E(h.NextCheckAt is { } next ? Html.Time(next) : ""))),
                "half-messages"));
        body.Append("<h2>Dead letters</h2>").Append(broker.DeadLetters.Count == 0
            ? "<p class=\"muted\" id=\"no-dead-letters\">None.</p>"
            : Html.Table(
                ["Group", "Dead-letter topic", "Original topic", "Message id", "Keys", "Attempts", "Dead-lettered", "Body"],
                broker.DeadLetters.Select(d => Cells(
                    Html.E(d.Group), Html.E(d.Topic), Html.E(d.OriginalTopic), $"<code>{Html.E(d.MessageId)}</code>", Html.E(string.Join(", ", d.Keys ?? [])),
                    N(d.DeliveryAttempts), Html.E(Html.Time(d.DeadLetteredAt)), $"<code>{Html.E(d.Body)}</code>")),
                "dead-letters"));
        body.Append("<h2>Clients</h2>").Append(Html.Table(
            ["Client id", "Kind", "Group", "Topics", "Last heartbeat"],
            broker.Clients.Select(c => Cells(
                $"<code>{Html.E(c.ClientId)}</code>", Html.E(c.Kind), Html.E(c.Group), Html.E(string.Join(", ", c.Topics ?? [])),
                Html.E(c.LastHeartbeatAt is { } beat ? Html.Time(beat) : ""))),
            "clients"));
        return Layout.Page("Broker", "/broker", body.ToString(), refreshSeconds: 5);
    }

    private static string[] Cells(params string[] cells) => cells;

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
