namespace PointsDemo.Deployment.Tests;

/// <summary>
/// One service as compose describes it, and the same for a resource of the AppHost's docker-mode
/// model, so the two can be compared field by field. Values name other services the way containers
/// reach each other (<c>rocketmq-namesrv:9876</c>), and a secret from outside is <see cref="Secret"/>.
/// </summary>
/// <param name="Image">registry/image:tag, as compose writes it.</param>
/// <param name="CommandLine">The entrypoint when it is replaced, then the arguments.</param>
/// <param name="ContainerPorts">The container's ports others reach (published or exposed).</param>
/// <param name="Mounts">Bind mounts as <c>absolute-source:target[:ro]</c>.</param>
/// <param name="Environment">The environment, values as containers see them.</param>
/// <param name="DependsOn">What the service waits for, with compose's conditions.</param>
/// <param name="HasHealthCheck">Whether something checks that it is healthy.</param>
internal sealed record ServiceShape(
    string Image,
    IReadOnlyList<string> CommandLine,
    IReadOnlyList<int> ContainerPorts,
    IReadOnlyList<string> Mounts,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> DependsOn,
    bool HasHealthCheck)
{
    /// <summary>A value that comes from outside the file: compose's <c>${VARIABLE}</c>, the AppHost's secret parameter.</summary>
    public const string Secret = "<secret>";

    public const string Healthy = "service_healthy";

    public const string Completed = "service_completed_successfully";

    public const string Started = "service_started";
}

/// <summary>One of <see cref="ServiceShape.Mounts"/>, read back.</summary>
internal sealed record Mount(string Source, string Target, bool ReadOnly)
{
    public static Mount Parse(string volume)
    {
        var parts = volume.Split(':');
        return new Mount(parts[0], parts[1], parts.Length > 2 && parts[2] == "ro");
    }
}
