using System.Collections.Concurrent;

namespace PointsDemo.AppHost.Dashboard.Catalog;

/// <summary>
/// The resources the orchestrator runs, in the order they were declared: the orchestrator
/// writes, the dashboard reads. Thread-safe.
/// </summary>
internal sealed class ResourceCatalog
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Declare(string name, string type, IReadOnlyList<string>? urls = null)
    {
        if (_resources.TryAdd(name, new ResourceSnapshot(name, type, ResourceState.Waiting, "", urls ?? [])))
        {
            _order.Enqueue(name);
        }
    }

    public void Update(string name, Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (_resources.TryGetValue(name, out var current))
        {
            if (_resources.TryUpdate(name, change(current), current))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Resource '{name}' was never declared.");
    }

    public ResourceSnapshot? Find(string name) => _resources.GetValueOrDefault(name);

    public IReadOnlyList<ResourceSnapshot> All => [.. _order.Select(name => _resources[name])];
}
