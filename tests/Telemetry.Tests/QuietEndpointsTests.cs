using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// What an orchestrator and a browser ask of a service without it being the application's work
/// (health probes with their database and broker checks, Swagger UI and its assets) starts no trace,
/// so the dashboard's trace list shows registrations.
/// </summary>
public sealed class QuietEndpointsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Health_probes_and_Swagger_UI_leave_no_span_while_a_registration_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await TestBroker.StartAsync();
        var capture = new TelemetryCapture();
        await using var users = new UserServiceHost(await postgres.CreateDatabaseAsync("quiet_endpoints", ct), broker.Endpoint, capture.AddExporters);
        using var client = users.CreateClient();
        var tracing = users.Services.GetRequiredService<TracerProvider>();

        // The start-up's own work (the migrations in Development) is traced, and is not what is looked at here.
        Assert.True(tracing.ForceFlush());
        capture.Spans.Clear();

        foreach (var path in (string[])["/health", "/alive", "/swagger/index.html", "/swagger/v1/swagger.json"])
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        }

        using var registration = await client.PostAsJsonAsync("/users", new { email = "traced@example.com", displayName = "Traced" }, ct);
        registration.EnsureSuccessStatusCode();

        // A server span ends a moment after its response is on its way, so the registration's is awaited;
        // the probes, answered before it was sent, have had that moment too.
        var traced = await SpanQueries.SpanAsync(capture, span => span.DisplayName.StartsWith("POST /users", StringComparison.Ordinal), "the registration's server span");
        // The test's HttpClient runs in the service's process: its own client spans are the test's, not the service's.
        Assert.Empty(capture.Spans.Now()
            .Where(span => span.Source.Name != "System.Net.Http" && span.TraceId != traced.TraceId)
            .Select(span => $"{span.Source.Name}: {span.DisplayName}"));
    }
}
