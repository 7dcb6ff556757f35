using System.Diagnostics;
using System.Net.Http.Json;
using PointsDemo.AppHost.Tests.Support;

namespace PointsDemo.AppHost.Tests.EndToEnd;

/// <summary>
/// The whole system as `dotnet run --project AppHost` starts it in local mode: real PostgreSQL from
/// this machine's binaries, the dev broker, both services as processes, the built-in dashboard.
/// Linux only, as local mode is (PostgreSQL run as another user, signals, /proc).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalModeTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan EventualTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_registration_grants_points_is_traced_across_both_services_and_stopping_leaves_no_process_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        // Enterable by all (the server runs as the postgres user when the tests run as root), and
        // short: the server's Unix socket path under it must stay within 107 bytes.
        var data = Directory.CreateDirectory(
            Path.Combine(Path.GetTempPath(), $"pdah-{Guid.NewGuid():N}"[..13]),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        await using var apphost = AppHostProcess.Start(data.FullName);

        await apphost.WaitHealthyAsync(StartTimeout, ct);
        var startup = clock.Elapsed;
        Report($"From starting `dotnet AppHost.dll --mode local` to \"All resources healthy\": {startup.TotalSeconds:0.0} s");

        var users = apphost.UrlFromTable("Register a user");
        var points = apphost.UrlFromTable("Points API");
        var dashboard = apphost.UrlFromTable("Dashboard");
        var resources = await http.GetFromJsonAsync<List<ResourceLine>>(new Uri(dashboard, "/api/resources"), ct);
        Assert.All(resources!, r => Assert.Equal("Running", r.State));
        Assert.Equal(["dashboard", "postgres", "rocketmq", "points-service", "user-service"], resources!.Select(r => r.Name));

        using var registration = await http.PostAsJsonAsync(new Uri(users, "/users"), new { email = "ada@example.com", displayName = "Ada" }, ct);
        Assert.True(registration.IsSuccessStatusCode, await registration.Content.ReadAsStringAsync(ct));
        var user = await registration.Content.ReadFromJsonAsync<UserLine>(ct);

        var balance = await EventuallyAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri(points, $"/points/{user!.Id}"), ct);
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<PointsLine>(ct))!.Balance : (int?)null;
        }, ct);
        Assert.Equal(100, balance);

        // A span is exported when it ends, so the consumer's span may come a batch after its children.
        var spans = await EventuallyAsync(async () =>
        {
            var traces = await http.GetFromJsonAsync<List<TraceLine>>(new Uri(dashboard, "/api/traces?service=points-service&name=users"), ct);
            foreach (var trace in traces!)
            {
                var found = await http.GetFromJsonAsync<List<SpanLine>>(new Uri(dashboard, $"/api/traces/{trace.TraceId}"), ct);
                if (found!.Any(IsRegistrationRequest) && found!.Any(IsPointsGrant))
                {
                    return found;
                }
            }

            return null;
        }, ct);
        Assert.Single(spans!.Select(s => s.TraceId).Distinct());
        Assert.Contains(spans!, s => s.ServiceName == "user-service" && s.Kind == "Producer");
        var waterfall = await http.GetStringAsync(new Uri(dashboard, $"/traces/{spans![0].TraceId}"), ct);
        Assert.Contains("data-service=\"points-service\"", waterfall, StringComparison.Ordinal);

        var exitCode = await apphost.TerminateAsync(TimeSpan.FromSeconds(90), ct);

        Assert.True(exitCode == 0, apphost.Output);
        Assert.All(resources!.Where(r => r.ProcessId is not null), r => Assert.False(ProcessTable.IsAlive(r.ProcessId!.Value), $"{r.Name} (pid {r.ProcessId}) is still running."));
        Assert.Empty(ProcessTable.Mentioning(data.FullName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.FullName));
        data.Delete(recursive: true);
    }

    private static bool IsRegistrationRequest(SpanLine span) =>
        span.ServiceName == "user-service" && span.Kind == "Server" && span.Name.StartsWith("POST /users", StringComparison.Ordinal);

    private static bool IsPointsGrant(SpanLine span) =>
        span.ServiceName == "points-service" && span.Kind == "Consumer";

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        var file = ArtifactFolder.PathOf("apphost-startup.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, line + Environment.NewLine);
    }

    // Points and traces arrive asynchronously (a message, a batch export): asked again until they are there.
    private static async Task<T?> EventuallyAsync<T>(Func<Task<T?>> probe, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(deadline.Elapsed < EventualTimeout, "The expected data did not arrive in time.");
            await Task.Delay(250, ct);
        }
    }

    private sealed record ResourceLine(string Name, string State, int? ProcessId);

    private sealed record UserLine(Guid Id);

    private sealed record PointsLine(int Balance);

    private sealed record TraceLine(string TraceId);

    private sealed record SpanLine(string TraceId, string Name, string Kind, string ServiceName);
}
