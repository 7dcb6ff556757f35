using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// The containers <c>RunAsContainers</c> made for a resource, and where the broker's store lives, so
/// that later calls (<c>WithDataVolume</c>, <c>WithLifetime</c>, <c>WithImageTag</c>) change them all.
/// </summary>
internal sealed class RocketMqContainers(string generatedStoreVolume)
{
    private readonly List<IResourceBuilder<ContainerResource>> _all = [];
    private readonly List<IResourceBuilder<ContainerResource>> _storeUsers = [];
    private string _storeVolume = generatedStoreVolume;

    public IReadOnlyList<IResourceBuilder<ContainerResource>> All => _all;

    /// <summary>Whether the store outlives the application's run; when not, the store-init step empties it.</summary>
    public bool KeepsStore { get; private set; }

    public void Add(IResourceBuilder<ContainerResource> container) => _all.Add(container);

    /// <summary>Mounts the store volume in the step that prepares it and in the broker.</summary>
    public void MountStore(params IResourceBuilder<ContainerResource>[] containers)
    {
        foreach (var container in containers)
        {
            container.WithVolume(_storeVolume, RocketMqContainerImage.StoreFolder);
            _storeUsers.Add(container);
        }
    }

    /// <summary>Keeps the store across runs, in the named volume when a name is given.</summary>
    public void KeepStore(string? name)
    {
        KeepsStore = true;
        if (name is null || name == _storeVolume)
        {
            return;
        }

        foreach (var container in _storeUsers)
        {
            var mount = container.Resource.Annotations.OfType<ContainerMountAnnotation>().Single(m => m.Target == RocketMqContainerImage.StoreFolder);
            container.Resource.Annotations.Remove(mount);
            container.WithVolume(name, RocketMqContainerImage.StoreFolder);
        }

        _storeVolume = name;
    }
}
