using System.Net.Http.Json;

namespace PointsDemo.Bench.Running;

/// <summary>
/// Reads the dev broker's counters that a phase reports from its inspection API
/// (<c>GET /api/snapshot</c>): the points-service group's redeliveries, and the journal's fsyncs and
/// the records they carried.
/// </summary>
internal sealed class BrokerCounters(HttpClient http, Uri? inspection)
{
    public const string Group = "points-service";

    /// <summary>The counters so far; null without an inspection API or when it does not answer.</summary>
    public async Task<Counts?> ReadAsync(CancellationToken cancellationToken)
    {
        if (inspection is null)
        {
            return null;
        }

        try
        {
            var snapshot = await http.GetFromJsonAsync<Snapshot>(new Uri(inspection, "/api/snapshot"), cancellationToken);
            return snapshot is null
                ? null
                : new Counts(
                    snapshot.Groups.FirstOrDefault(g => g.Name == Group)?.Redelivered ?? 0,
                    snapshot.Storage?.JournalFlushes ?? 0,
                    snapshot.Storage?.JournalRecords ?? 0);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Cumulative counters since the broker started.</summary>
    internal sealed record Counts(long Redelivered, long JournalFlushes, long JournalRecords);

    private sealed record Snapshot(IReadOnlyList<GroupCounts> Groups, StorageCounts? Storage);

    private sealed record GroupCounts(string Name, long Redelivered);

    private sealed record StorageCounts(long JournalFlushes, long JournalRecords);
}
