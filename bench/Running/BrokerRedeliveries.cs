using System.Net.Http.Json;

namespace PointsDemo.Bench.Running;

/// <summary>Reads the points-service group's redelivery count from the dev broker's inspection API (<c>GET /api/snapshot</c>).</summary>
internal sealed class BrokerRedeliveries(HttpClient http, Uri? inspection)
{
    public const string Group = "points-service";

    /// <summary>The group's redeliveries so far; null without an inspection API or when it does not answer.</summary>
    public async Task<long?> ReadAsync(CancellationToken cancellationToken)
    {
        if (inspection is null)
        {
            return null;
        }

        try
        {
            var snapshot = await http.GetFromJsonAsync<Snapshot>(new Uri(inspection, "/api/snapshot"), cancellationToken);
            return snapshot?.Groups.FirstOrDefault(g => g.Name == Group)?.Redelivered ?? 0;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private sealed record Snapshot(IReadOnlyList<GroupCounts> Groups);

    private sealed record GroupCounts(string Name, long Redelivered);
}
