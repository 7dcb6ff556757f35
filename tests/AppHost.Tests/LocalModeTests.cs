using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PointsDemo.AppHost.Tests.Support;
using PointsDemo.Processes;
using PointsDemo.TestSupport;

namespace PointsDemo.AppHost.Tests;

/// <summary>
/// The AppHost's local mode under Aspire.Hosting.Testing: DCP starts PostgreSQL from this machine's
/// binaries, the dev broker and both services, as `dotnet run --project AppHost` does. Linux only,
/// as local mode is (PostgreSQL run as another user, signals, /proc).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class LocalModeTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private static readonly string[] Resources = ["postgres", "usersdb", "pointsdb", "rocketmq", "rocketmq-broker", "points-service", "user-service"];

    [Fact]
    public async Task Every_resource_turns_healthy_a_registration_gets_its_points_and_stopping_leaves_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        // DCP watches the process that started it (this one) and runs everything under itself.
        var startedByThisRun = $"--monitor {Environment.ProcessId} ";
        // What this run keeps on disk (the cluster, the broker's journal) is named after this process.
        var ofThisRun = $"*-{Environment.ProcessId}-*";

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--mode", "local"], ct).WaitAsync(StartTimeout, ct);
        // The AppHost's log (health checks fail until PostgreSQL is up, and say so) goes to a file, not
        // to the console the test run's report is read from.
        await using var writer = Artifacts.Log("local-mode.log");
        builder.Services.AddLogging(logging => logging.ClearProviders().AddProvider(LineLoggerProvider.WritingTo(writer)));
        TestContext.Current.TestOutputHelper?.WriteLine($"The AppHost's log: {Artifacts.PathOf("local-mode.log")}");
        var app = await builder.BuildAsync(ct).WaitAsync(StartTimeout, ct);
        IReadOnlyList<(int Pid, string CommandLine)> processes;
        string sessionFolder;
        try
        {
            await app.StartAsync(ct).WaitAsync(StartTimeout, ct);
            foreach (var resource in Resources)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, ct).WaitAsync(StartTimeout, ct);
            }

            processes = ProcessTree.TreesMentioning(startedByThisRun);
            sessionFolder = DcpSessionFolder(processes);
            Assert.Contains(processes, p => p.CommandLine.Contains("/postgres -D ", StringComparison.Ordinal) && p.CommandLine.Contains($"pointsdemo-pg-{Environment.ProcessId}-", StringComparison.Ordinal));
            Assert.Contains(processes, p => p.CommandLine.EndsWith("/RocketMq.DevBroker --port", StringComparison.Ordinal) || p.CommandLine.Contains("RocketMq.DevBroker --port", StringComparison.Ordinal));
            Assert.Contains(processes, p => p.CommandLine.EndsWith("/UserService", StringComparison.Ordinal));
            Assert.Contains(processes, p => p.CommandLine.EndsWith("/PointsService", StringComparison.Ordinal));
            // Each application runs from its built program, with no `dotnet run` evaluating its project first.
            Assert.DoesNotContain(processes, p => p.CommandLine.Contains(" run --project ", StringComparison.Ordinal));
            var folders = RunFolders(ofThisRun).Select(Path.GetFileName).ToList();
            Assert.Contains(folders, folder => folder!.StartsWith("pointsdemo-pg-", StringComparison.Ordinal));
            Assert.Contains(folders, folder => folder!.StartsWith("rocketmq-", StringComparison.Ordinal));

            using var users = app.CreateHttpClient("user-service");
            using var points = app.CreateHttpClient("points-service");
            using var registration = await users.PostAsJsonAsync("/users", new { email = "ada@example.com", displayName = "Ada Lovelace" }, ct);
            Assert.True(registration.StatusCode == HttpStatusCode.Created, await registration.Content.ReadAsStringAsync(ct));
            var user = await registration.Content.ReadFromJsonAsync<UserLine>(ct);

            var balance = await Eventually.MeetsAsync(
                () => BalanceAsync(points, user!.Id, ct),
                balance => balance > 0,
                "the registration's points",
                StartTimeout);
            Assert.Equal(100, balance);

            // The dashboard's tour, through the commands it runs (its notification is the message): the lost
            // COMMIT is repaired by the check-back.
            var commands = app.Services.GetRequiredService<ResourceCommandService>();
            var armed = await commands.ExecuteCommandAsync("user-service", "lose-next-commit", ct);
            Assert.True(armed.Success, armed.Message);
            var sample = await commands.ExecuteCommandAsync("user-service", "register-sample-user", ct);
            Assert.True(sample.Success, sample.Message);
            var sampleUser = Guid.Parse(Regex.Match(sample.Message ?? "", "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}").Value);
            Assert.Equal(100, await Eventually.MeetsAsync(
                () => BalanceAsync(points, sampleUser, ct),
                balance => balance > 0,
                "the sample user's points, after the check-back",
                StartTimeout));

            await app.StopAsync(ct).WaitAsync(StopTimeout, ct);
        }
        finally
        {
            await app.DisposeAsync().AsTask().WaitAsync(StopTimeout, ct);
        }

        // DCP finishes its clean-up after the app is disposed: wait for it, then nothing may be left.
        await Eventually.MeetsAsync(() => processes.Where(p => ProcessTree.IsAlive(p.Pid)).ToList(), alive => alive.Count == 0, "every process of the run has exited", StopTimeout);
        Assert.Empty(ProcessTree.TreesMentioning(startedByThisRun));
        Assert.Empty(RunFolders(ofThisRun));
        await Eventually.MeetsAsync(() => Directory.Exists(sessionFolder), exists => !exists, $"DCP's session folder {sessionFolder} is removed", StopTimeout);
    }

    private static async Task<int> BalanceAsync(HttpClient points, Guid user, CancellationToken ct)
    {
        using var response = await points.GetAsync(new Uri($"/points/{user}", UriKind.Relative), ct);
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<PointsLine>(ct))!.Balance : 0;
    }

    private static string[] RunFolders(string pattern) =>
        Directory.Exists(LocalPostgresBuilderExtensions.DefaultBaseFolder)
            ? Directory.GetDirectories(LocalPostgresBuilderExtensions.DefaultBaseFolder, pattern)
            : [];

    // DCP's API server finds its session folder through the kubeconfig in it. Other test processes
    // build Aspire apps at the same time: only this run's folder is this test's business.
    private static string DcpSessionFolder(IReadOnlyList<(int Pid, string CommandLine)> processes)
    {
        var kubeconfig = processes
            .Select(p => KubeconfigArgument().Match(p.CommandLine))
            .FirstOrDefault(match => match.Success)
            ?? throw new InvalidOperationException("No DCP process of this run names its kubeconfig.");
        return Path.GetDirectoryName(kubeconfig.Groups["path"].Value)!;
    }

    [GeneratedRegex(@"--kubeconfig (?<path>\S+)")]
    private static partial Regex KubeconfigArgument();

    private sealed record UserLine(Guid Id);

    private sealed record PointsLine(int Balance);
}
