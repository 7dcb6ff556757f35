using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PointsDemo.AppHost.Tests.Support;

/// <summary>
/// An HTTP server answering <c>GET /api/snapshot</c> with the dev broker's inspection JSON exactly as
/// specified for it, so the broker page is tested against the contract, independently of the broker.
/// </summary>
internal sealed class FakeBrokerInspection : IAsyncDisposable
{
    public const string Snapshot = """
        {
          "startedAt": "2026-11-25T21:00:00Z",
          "grpcEndpoint": "127.0.0.1:8081",
          "topics": [ { "name": "user-registered", "messageType": "TRANSACTION", "queueCount": 8,
                        "ready": 3, "inFlight": 1, "halfMessages": 2, "stored": 12 } ],
          "groups": [ { "name": "points-service", "ready": 3, "inFlight": 1, "acked": 12, "redelivered": 1, "deadLettered": 1 } ],
          "halfMessages": [ { "topic": "user-registered", "messageId": "01HALF0001", "keys": ["reg-1"], "tag": "UserRegistered",
                              "producerGroup": null, "storedAt": "2026-11-25T21:00:01Z", "checksSent": 2, "nextCheckAt": "2026-11-25T21:00:31Z" } ],
          "deadLetters": [ { "group": "points-service", "topic": "%DLQ%points-service", "originalTopic": "user-registered",
                             "messageId": "01DEAD0001", "keys": ["reg-9"], "tag": "UserRegistered", "deliveryAttempts": 17,
                             "deadLetteredAt": "2026-11-25T21:05:00Z", "body": "{\"userId\":\"<b>poison</b>\"}" } ],
          "clients": [ { "clientId": "host@1@points", "kind": "SIMPLE_CONSUMER", "group": "points-service",
                         "topics": ["user-registered"], "connectedAt": "2026-11-25T21:00:00Z", "lastHeartbeatAt": "2026-11-25T21:00:10Z" } ]
        }
        """;

    private readonly WebApplication _app;

    private FakeBrokerInspection(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<FakeBrokerInspection> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/api/snapshot", () => TypedResults.Text(Snapshot, "application/json"));
        await app.StartAsync(cancellationToken);
        return new FakeBrokerInspection(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
