using System.Diagnostics;
using PointsDemo.TestSupport;

namespace PointsDemo.Packaging.Tests;

/// <summary>
/// The packages as someone outside this repository uses them: an AppHost with RocketMQ from
/// <c>PointsDemo.RocketMq.Hosting</c> run as the dev broker from <c>PointsDemo.RocketMq.DevBroker</c>, and a
/// worker with <c>PointsDemo.RocketMq.Client</c>'s producer and consumer, one message between them.
/// </summary>
public sealed class OutsideAppTests
{
    [Fact]
    public async Task A_worker_outside_the_solution_receives_its_message_through_the_apphosts_dev_broker()
    {
        var clock = Stopwatch.StartNew();
        using var app = await OutsideApp.CreateAsync(packTimeout: TimeSpan.FromMinutes(3));
        Log($"packed {app.PackageVersion} into {app.Feed}", clock);

        // Restores from the folder feed (and the machine's sources), then builds the worker with it.
        var build = await ProgramRun.RunAsync("dotnet", ["build", "AppHost", "-nologo"], app.Root, app.Environment, TimeSpan.FromMinutes(3));
        Assert.True(build.ExitCode == 0, $"the outside AppHost did not build: {build}");
        Log("restored and built the AppHost and the worker", clock);

        var run = await ProgramRun.RunAsync("dotnet", ["run", "--no-build", "--project", "AppHost"], app.Root, app.Environment, TimeSpan.FromMinutes(2));
        Log($"ran the AppHost:\n{run.Output}", clock);

        Assert.True(run.ExitCode == 0, $"the AppHost did not report a worker that received its message: {run}");
        Assert.Contains("worker exited with code 0", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"worker: \S+ received [0-9A-F]+: hello [0-9a-f]{32}", run.Output);
        // The packages of this run, restored into the folder's own cache, not anything cached before.
        foreach (var package in new[] { "pointsdemo.rocketmq.hosting", "pointsdemo.rocketmq.devbroker", "pointsdemo.rocketmq.client", "pointsdemo.rocketmq.protocol" })
        {
            Assert.True(Directory.Exists(Path.Combine(app.PackagesFolder, package, app.PackageVersion.ToLowerInvariant())), $"{package} {app.PackageVersion} was not restored from the feed");
        }
    }

    private static void Log(string step, Stopwatch clock) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {step}");
}
