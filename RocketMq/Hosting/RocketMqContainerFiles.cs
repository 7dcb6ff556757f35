using System.Reflection;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// The files the RocketMQ containers start from (<c>broker.conf</c>, <c>rmq-proxy.json</c> and the
/// scripts), embedded in this assembly from the same folder a compose file mounts, and copied into
/// each container when it is created: nothing is read from the application's own folders.
/// </summary>
internal static class RocketMqContainerFiles
{
    private const string Prefix = "rocketmq/";

    /// <summary>The embedded files, by name.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = Load();

    /// <summary>Copies the named files into a container's home folder, readable by the image's user.</summary>
    public static IResourceBuilder<ContainerResource> WithFiles(this IResourceBuilder<ContainerResource> container, params string[] names) =>
        container.WithContainerFiles(
            RocketMqContainerImage.Home,
            names.Select(name => new ContainerFile { Name = name, Contents = All[name] }),
            defaultOwner: RocketMqContainerImage.UserId,
            defaultGroup: RocketMqContainerImage.UserId);

    private static Dictionary<string, string> Load()
    {
        var assembly = typeof(RocketMqContainerFiles).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(name => name[Prefix.Length..], name => Read(assembly, name), StringComparer.Ordinal);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
