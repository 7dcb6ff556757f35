using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using PointsDemo.Bench.Results;

namespace PointsDemo.Bench.Load;

/// <summary>
/// Drives POST /users with a number of concurrent clients, as fast as they go (closed loop) or at a
/// fixed rate (open loop: request i is due at start + i/rate). At a fixed rate a request's latency
/// counts from when it was due, not from when a client got round to it, so a stall shows in the
/// percentiles instead of hiding in fewer requests ("coordinated omission").
/// </summary>
internal sealed class RegistrationLoad(HttpClient http, Uri userService, IRegistrationSink accepted, string runId)
{
    private long _sequence;

    /// <summary>
    /// Runs one phase, counting into <paramref name="counters"/> (which the progress line reads
    /// meanwhile), for <paramref name="duration"/> or until <paramref name="stop"/>, whichever comes
    /// first; a request in flight when <paramref name="stop"/> fires still gets its answer.
    /// </summary>
    public async Task RunAsync(
        int clients, double? rate, TimeSpan duration, LoadCounters counters, CancellationToken cancellationToken, CancellationToken stop = default)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var ticksPerRequest = rate is { } r ? Stopwatch.Frequency / r : 0;
        long ticket = -1;
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                var due = Stopwatch.GetTimestamp();
                if (rate is not null)
                {
                    due = start + (long)(Interlocked.Increment(ref ticket) * ticksPerRequest);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                }

                if (due >= end)
                {
                    return;
                }

                await RegisterOneAsync(due, counters, cancellationToken);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        counters.Elapsed = Stopwatch.GetElapsedTime(start);
    }

    /// <summary>One POST /users; its latency counts from <paramref name="due"/>.</summary>
    public async Task RegisterOneAsync(long due, LoadCounters counters, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _sequence);
        var body = $$"""{"email":"bench-{{runId}}-{{n}}@example.com","displayName":"Bench user {{n}}"}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync(new Uri(userService, "/users"), content, cancellationToken);
            var done = Stopwatch.GetTimestamp();
            if (response.StatusCode == HttpStatusCode.Created && UserIdOf(response) is { } userId)
            {
                accepted.Accepted(userId, sent);
                counters.Accept(due, done);
            }
            else
            {
                counters.Error($"HTTP {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException error)
        {
            counters.Error(error.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            counters.Error("timeout");
        }
    }

    /// <summary>The new user's id from the Location header (<c>/users/{id}</c>), without reading the body.</summary>
    internal static Guid? UserIdOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString;
        return location is not null && Guid.TryParse(location.AsSpan(location.LastIndexOf('/') + 1), out var id) ? id : null;
    }
}

/// <summary>What is told of each registration answered 201.</summary>
internal interface IRegistrationSink
{
    /// <summary>The user <paramref name="userId"/> was registered by a POST sent at <paramref name="postStartTimestamp"/>.</summary>
    void Accepted(Guid userId, long postStartTimestamp);
}

/// <summary>A phase's counters, read by the progress line while it runs.</summary>
internal sealed class LoadCounters
{
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private long _accepted;

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>POST latencies of the accepted registrations.</summary>
    public LatencyRecorder Latencies { get; } = new();

    /// <summary>Failed POSTs by kind (<c>HTTP 503</c>, <c>timeout</c>, ...).</summary>
    public IReadOnlyDictionary<string, int> Errors => _errors;

    public int ErrorCount => _errors.Values.Sum();

    /// <summary>From the first request to the last response.</summary>
    public TimeSpan Elapsed { get; set; }

    public void Accept(long startTimestamp, long endTimestamp)
    {
        Latencies.Record(startTimestamp, endTimestamp);
        Interlocked.Increment(ref _accepted);
    }

    public void Error(string kind) => _errors.AddOrUpdate(kind, 1, (_, count) => count + 1);
}
