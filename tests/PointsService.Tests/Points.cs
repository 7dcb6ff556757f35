using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PointsDemo.PointsService.Tests;

/// <summary>Reads a user's points through GET /points/{userId}.</summary>
internal static class Points
{
    /// <summary>The balance, or null for a 404.</summary>
    public static async Task<long?> BalanceAsync(HttpClient client, Guid userId)
    {
        using var response = await client.GetAsync(new Uri($"/points/{userId}", UriKind.Relative), TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var points = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return points.GetProperty("balance").GetInt64();
    }
}
