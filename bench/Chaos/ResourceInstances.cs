using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace PointsDemo.Bench.Chaos;

/// <summary>
/// What DCP runs, instance by instance (a replicated service has one per replica), as its
/// notifications say: state and the process it started. Kept up to date in the background.
/// </summary>
internal sealed class ResourceInstances : IAsyncDisposable
{
    // DCP reports the process it started under this property: a project's built program, or the
    // supervising shell for PostgreSQL, whose child does the work.
    private const string ProcessIdProperty = "executable.pid";

    private readonly ConcurrentDictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _ended = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    public ResourceInstances(ResourceNotificationService notifications, IReadOnlyCollection<string> resources)
    {
        _watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in notifications.WatchAsync(_stop.Token))
                {
                    if (resources.Contains(change.Resource.Name))
                    {
                        var pid = change.Snapshot.Properties.FirstOrDefault(p => p.Name == ProcessIdProperty)?.Value;
                        var was = _instances.GetValueOrDefault(change.ResourceId);
                        var now = _instances[change.ResourceId] = new Instance(
                            change.ResourceId,
                            change.Resource.Name,
                            change.Snapshot.State?.Text,
                            change.Snapshot.HealthStatus,
                            pid is null ? null : Convert.ToInt32(pid, CultureInfo.InvariantCulture));
                        if (was is { IsRunning: true } && now.IsStopped)
                        {
                            _ended.AddOrUpdate(now.Resource, 1, (_, count) => count + 1);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        });
    }

    /// <summary>How often a running instance ended, killed or not, by resource.</summary>
    public IReadOnlyDictionary<string, int> Ended => new SortedDictionary<string, int>(_ended, StringComparer.Ordinal);

    public IReadOnlyList<Instance> All => [.. _instances.Values.OrderBy(i => i.Id, StringComparer.Ordinal)];

    public Instance Get(string id) => _instances[id];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    /// <summary>One instance: its DCP id, its resource, its state and health, the process DCP started.</summary>
    internal sealed record Instance(string Id, string Resource, string? State, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus? Health, int? ProcessId)
    {
        public bool IsRunning => State == KnownResourceStates.Running;

        public bool IsStopped => State is not null && KnownResourceStates.TerminalStates.Contains(State);

        public bool IsHealthy => IsRunning && Health == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
    }
}
