using System.Net.Http.Json;
using System.Text.Json;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.AppHost.Dashboard.Broker;

/// <summary>What the broker page can show: a snapshot, or why there is none.</summary>
internal sealed record BrokerView(Uri? Endpoint, BrokerSnapshot? Snapshot, string? Problem);

/// <summary>
/// Reads the dev broker's inspection API. The endpoint is attached once the broker runs; in
/// Docker mode there is none (the real RocketMQ has its own tools), and the page says so.
/// </summary>
internal sealed class BrokerInspection(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private Uri? _endpoint;

    public Uri? Endpoint => Volatile.Read(ref _endpoint);

    public void Attach(Uri endpoint) => Volatile.Write(ref _endpoint, endpoint);

    public async Task<BrokerView> ReadAsync(CancellationToken cancellationToken)
    {
        var endpoint = Endpoint;
        if (endpoint is null)
        {
            return new BrokerView(null, null, "No dev broker inspection endpoint: the broker is not running yet, or RocketMQ runs in Docker.");
        }

        try
        {
            var snapshot = await http.GetFromJsonAsync<BrokerSnapshot>(new Uri(endpoint, "api/snapshot"), Json, cancellationToken);
            return new BrokerView(endpoint, snapshot, snapshot is null ? "The broker answered with an empty snapshot." : null);
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new BrokerView(endpoint, null, $"The broker's inspection API did not answer: {error.Message}");
        }
    }
}
