using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PointsDemo.Bench.Load;
using PointsDemo.Bench.Running;

namespace PointsDemo.Bench.Chaos;

/// <summary>
/// A kill -9 run: the AppHost's local mode with two instances of each service and the durable dev
/// broker; clients register users while <see cref="ChaosMonkey"/> kills processes (PostgreSQL, the
/// broker, any service instance) and starts them again; then everything is started, the system is
/// left to settle, and the <see cref="Invariant"/> is read from the databases and the broker.
/// </summary>
internal sealed class ChaosRun(ChaosOptions options, Action<string> say)
{
    private const int Replicas = 2;

    private static readonly string[] Victims = ["postgres", "rocketmq-broker", "user-service", "points-service"];

    public async Task<ChaosReport> RunAsync(TextWriter log, CancellationToken cancellationToken)
    {
        say($"Seed {options.Seed} (replay with --seed {options.Seed}); {options.Duration.TotalSeconds:0} s of chaos, at least {options.MinimumKills} kills.");
        var checkBacks = new CheckBackLog();
        await using var system = await AppHostSystem.StartAsync(log, new SystemSettings
        {
            Dashboard = false,
            Replicas = Replicas,
            Configure = builder =>
            {
                // Repairs within seconds rather than the production defaults' half minute: check-backs every
                // 5 s, an unacked message back after 10 s (the proxy's least), retries at most 5 s apart.
                builder.CreateResourceBuilder<ProjectResource>("rocketmq-broker").WithArgs("--check-interval", "5s");
                builder.CreateResourceBuilder<ProjectResource>("points-service")
                    .WithEnvironment("PointsConsumer__InvisibleDuration", "00:00:10")
                    .WithEnvironment("PointsConsumer__RetryMaxDelay", "00:00:05");
                builder.Services.AddLogging(logging => logging.AddProvider(checkBacks));
            },
        }, cancellationToken);

        var app = system.App;
        await using var instances = new ResourceInstances(app.ResourceNotifications, Victims);
        // PostgreSQL, the broker, and two of each service: all of them running before the first kill.
        while (instances.All.Count(i => i.IsRunning) < 2 + (2 * Replicas))
        {
            await Task.Delay(50, cancellationToken);
        }

        var monkey = new ChaosMonkey(new Random(options.Seed), instances, app.ResourceCommands, say);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var registered = new Registrations();
        var load = new RegistrationLoad(http, system.Target.UserService, registered, $"chaos-{options.Seed}-{Environment.ProcessId}");
        var counters = new LoadCounters();
        var clock = Stopwatch.StartNew();
        // The clients register for as long as the monkey kills, which may outlast the duration.
        using (var chaosOver = new CancellationTokenSource())
        {
            var registering = load.RunAsync(options.Clients, options.Rate, 2 * options.Duration, counters, cancellationToken, chaosOver.Token);
            try
            {
                await monkey.RunAsync(options.Duration, options.MinimumKills, cancellationToken);
            }
            finally
            {
                await chaosOver.CancelAsync();
                await registering;
            }
        }

        var chaosSeconds = clock.Elapsed.TotalSeconds;

        say($"Chaos over: {counters.Accepted:N0} registrations answered 201, {counters.ErrorCount:N0} failed. Letting the system settle...");
        var invariant = await SettleAsync(system, instances, monkey, registered.Ids, cancellationToken);
        return new ChaosReport(
            options.Seed, Math.Round(chaosSeconds, 1), Math.Round(clock.Elapsed.TotalSeconds - chaosSeconds, 1),
            counters.Accepted, new SortedDictionary<string, int>(counters.Errors.ToDictionary(), StringComparer.Ordinal),
            monkey.Kills, monkey.Restarts, instances.Ended, checkBacks.Outcomes, invariant);
    }

    /// <summary>
    /// Starts whatever is not running (killed last, or ended on its own) until every instance is
    /// healthy, then waits until the system has nothing left to do: every registration answered 201
    /// has its points, no half message waits, nothing is pending delivery.
    /// </summary>
    private async Task<Invariant> SettleAsync(
        AppHostSystem system, ResourceInstances instances, ChaosMonkey monkey, IReadOnlyCollection<Guid> acknowledged, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        Invariant? invariant = null;
        while (true)
        {
            await monkey.StartStoppedAsync(cancellationToken);
            if (instances.All.All(i => i.IsHealthy))
            {
                invariant = await Invariant.ReadAsync(
                    system.Target.UsersDatabase!, system.Target.PointsDatabase, http, system.Target.BrokerInspection!, acknowledged, cancellationToken);
            }

            if (invariant is { Holds: true } || deadline.Elapsed > options.SettleTimeout)
            {
                return invariant ?? throw new TimeoutException(
                    $"The system was not healthy within {options.SettleTimeout.TotalSeconds:0} s: {string.Join(", ", instances.All.Select(i => $"{i.Id} {i.State} {i.Health}"))}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>The users whose registration was answered 201.</summary>
    private sealed class Registrations : IRegistrationSink
    {
        private readonly ConcurrentBag<Guid> _ids = [];

        public IReadOnlyCollection<Guid> Ids => [.. _ids];

        public void Accepted(Guid userId, long postStartTimestamp) => _ids.Add(userId);
    }
}

/// <summary>What a kill -9 run does.</summary>
internal sealed record ChaosOptions
{
    /// <summary>How long clients register while processes are killed.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Kills with SIGKILL before the chaos ends, even past <see cref="Duration"/> (at most twice it):
    /// the dashboard's Restart command takes a kill's turn at random, and a slow machine fits fewer
    /// rounds in the duration.
    /// </summary>
    public int MinimumKills { get; init; } = 10;

    /// <summary>Seeds every random choice of the chaos: the same seed makes the same choices.</summary>
    public int Seed { get; init; }

    /// <summary>Concurrent clients.</summary>
    public int Clients { get; init; } = 4;

    /// <summary>Registrations per second over all clients; null as fast as they go.</summary>
    public double? Rate { get; init; } = 50;

    /// <summary>How long the system may take to settle afterwards.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
