using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PointsDemo.Bench.Load;
using PointsDemo.Bench.Results;
using PointsDemo.Bench.Running;

namespace PointsDemo.Bench.DevLoop;

/// <summary>
/// <c>--dev-loop-start</c>: builds the AppHost as <c>dotnet run --project AppHost</c> does (Debug),
/// then starts that very command a number of times, each time timing it until the system is up and
/// the first registration's points are visible, and stopping it as a user does before the next.
/// </summary>
internal sealed class DevLoopStartRun(int runs, string resultsFolder, ProgressLine progress)
{
    private const string Command = "dotnet run --project AppHost";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PointsTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long one poll may take. DCP's proxy accepts connections on a service's port as soon as it
    /// has created the service, seconds before the service listens, and leaves a request sent then
    /// unanswered: with only the client's 5 s timeout, one early poll would time the start up to
    /// five seconds late.
    /// </summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    private readonly string _runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    public async Task<(DevLoopStartReport Report, string Path)> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = Machine.LoadAverage();
        var repository = RepositoryCommands.Root();
        Directory.CreateDirectory(resultsFolder);
        var logPath = Path.Combine(resultsFolder, $"dev-loop-start-{_runId}.log");
        await using var log = TextWriter.Synchronized(new StreamWriter(logPath, append: false, Encoding.UTF8, bufferSize: 1 << 16));
        var services = ServiceUrls(repository);

        progress.Say($"Building the AppHost as {Command} does (Debug; the output goes to {logPath})...");
        await RepositoryCommands.RunToEndAsync("dotnet", ["build", "AppHost", "--nologo", "-v", "quiet"], log, cancellationToken, repository);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var results = new List<DevLoopStart>();
        for (var run = 1; run <= runs; run++)
        {
            var busy = new[] { services.Users, services.Points }.FirstOrDefault(Listening);
            if (busy is not null)
            {
                throw new InvalidOperationException($"{busy} is already served: stop whatever runs there (another AppHost?) before the bench.");
            }

            progress.Say($"Run {run} of {runs}: {Command}");
            var result = await OneAsync(run, repository, services, http, log, cancellationToken);
            progress.Say(string.Create(CultureInfo.InvariantCulture,
                $"  healthy after {result.HealthySeconds:0.0} s, first points visible after {result.PointsVisibleSeconds:0.0} s, stopped in {result.StopSeconds:0.0} s ({result.Processes} processes, none left)"));
            results.Add(result);
        }

        var report = new DevLoopStartReport(
            _runId, startedAt, new MachineInfo(Environment.ProcessorCount, Machine.Os, Machine.Runtime, loadAtStart, Machine.LoadAverage()),
            Command, results, DevLoopStartReport.Check(results));
        var path = Path.GetFullPath(Path.Combine(resultsFolder, DevLoopStartReport.FileName(_runId)));
        await using (var file = File.Create(path))
        {
            await JsonSerializer.SerializeAsync(file, report, ReportFile.Json, cancellationToken);
        }

        return (report, path);
    }

    private static async Task<DevLoopStart> OneAsync(int run, string repository, (Uri Users, Uri Points) services, HttpClient http, TextWriter log, CancellationToken cancellationToken)
    {
        await using var app = DevLoopApp.Start(repository, log, $"run {run}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            // Each signal is watched on its own; the system is up at the last of them.
            var started = Await(app, app.Started, deadline.Token);
            var dashboard = DashboardAnswersAsync(app, http, deadline.Token);
            var users = FirstAsync(app, ct => HealthyAsync(http, services.Users, ct), deadline.Token);
            var points = FirstAsync(app, ct => HealthyAsync(http, services.Points, ct), deadline.Token);
            await Task.WhenAll(started, dashboard, users, points);
            var healthy = Math.Max(Math.Max(started.Result, dashboard.Result), Math.Max(users.Result, points.Result));

            var (visible, afterPost) = await FirstPointsAsync(app, http, services, run, cancellationToken);
            var (stop, processes) = await app.StopAsync(StopTimeout, cancellationToken);
            return new DevLoopStart(run, started.Result, dashboard.Result, healthy, visible, afterPost, stop, processes);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Run {run}: the system was not up within {StartTimeout.TotalMinutes:0} minutes; the AppHost's output is in the log.");
        }
    }

    /// <summary>POST /users once the system is up, then GET /points/{userId} until the points are there, as a newcomer does from Swagger.</summary>
    private static async Task<(double Seconds, double AfterPostMs)> FirstPointsAsync(DevLoopApp app, HttpClient http, (Uri Users, Uri Points) services, int run, CancellationToken cancellationToken)
    {
        var body = $$"""{"email":"dev-loop-{{Guid.NewGuid():N}}@example.com","displayName":"Dev loop {{run}}"}""";
        var posted = Stopwatch.GetTimestamp();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(services.Users, "/users"), content, cancellationToken);
        var userId = response.StatusCode == HttpStatusCode.Created && RegistrationLoad.UserIdOf(response) is { } id
            ? id
            : throw new InvalidOperationException($"POST /users answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(PointsTimeout);
        try
        {
            var seconds = await FirstAsync(app, async ct =>
            {
                using var answer = await http.GetAsync(new Uri(services.Points, $"/points/{userId}"), ct);
                return answer.StatusCode == HttpStatusCode.OK;
            }, deadline.Token);
            return (seconds, Stopwatch.GetElapsedTime(posted).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Run {run}: user {userId}'s points were not visible within {PointsTimeout.TotalSeconds:0} s of the registration.");
        }
    }

    /// <summary>The seconds since the start at which <paramref name="condition"/> first held, asked every <see cref="PollInterval"/>.</summary>
    private static async Task<double> FirstAsync(DevLoopApp app, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            app.ThrowIfExited();
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(AttemptTimeout);
                if (await condition(attempt.Token))
                {
                    return app.Elapsed;
                }
            }
            catch (Exception error) when (error is HttpRequestException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or not answering yet (within the attempt's time).
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>A signal of the AppHost's output, failing as soon as the AppHost has exited without giving it.</summary>
    private static async Task<T> Await<T>(DevLoopApp app, Task<T> signal, CancellationToken cancellationToken)
    {
        while (!signal.IsCompleted)
        {
            app.ThrowIfExited();
            await Task.WhenAny(signal, Task.Delay(PollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return await signal;
    }

    /// <summary>When the dashboard, at the address its login line gives, first answered.</summary>
    private static async Task<double> DashboardAnswersAsync(DevLoopApp app, HttpClient http, CancellationToken cancellationToken)
    {
        var dashboard = await Await(app, app.Dashboard, cancellationToken);
        return await FirstAsync(app, ct => AnswersAsync(http, dashboard, ct), cancellationToken);
    }

    private static async Task<bool> HealthyAsync(HttpClient http, Uri service, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(service, "/health"), cancellationToken);
        return AppHostSignals.IsHealthy((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Whether the dashboard serves its page: any answer below 500 (it redirects to its login until given the token).</summary>
    private static async Task<bool> AnswersAsync(HttpClient http, Uri dashboard, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(dashboard, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (int)response.StatusCode < 500;
    }

    /// <summary>The services' addresses from their launch profiles, which the AppHost runs them with.</summary>
    private static (Uri Users, Uri Points) ServiceUrls(string repository) =>
        (LaunchProfileUrl(Path.Combine(repository, "UserService", "Properties", "launchSettings.json")),
         LaunchProfileUrl(Path.Combine(repository, "PointsService", "Properties", "launchSettings.json")));

    private static Uri LaunchProfileUrl(string launchSettings)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(launchSettings));
        return AppHostSignals.LaunchProfileUrl(json.RootElement)
            ?? throw new InvalidOperationException($"{launchSettings} has no http profile with an applicationUrl.");
    }

    private static bool Listening(Uri url)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(url.Host, url.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
