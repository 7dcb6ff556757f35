using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// The AppHost's application model in docker mode, built (not started: no container runtime is
/// needed) and described in compose's terms by <see cref="Shape"/>.
/// </summary>
internal sealed partial class DockerModeModel(DistributedApplication app, DistributedApplicationModel model) : IAsyncDisposable
{
    private readonly DistributedApplicationExecutionContext _execution = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();

    public static async Task<DockerModeModel> BuildAsync(CancellationToken cancellationToken) =>
        await BuildAsync(await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--mode", "docker"], cancellationToken), cancellationToken);

    public static async Task<DockerModeModel> BuildAsync(IDistributedApplicationTestingBuilder builder, CancellationToken cancellationToken)
    {
        var app = await builder.BuildAsync(cancellationToken);
        return new DockerModeModel(app, app.Services.GetRequiredService<DistributedApplicationModel>());
    }

    /// <summary>An application a test composes itself, without the AppHost's resources.</summary>
    public static IDistributedApplicationBuilder CreateBuilder() =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });

    /// <summary>The model of an application from <see cref="CreateBuilder"/>.</summary>
    public static DockerModeModel Build(IDistributedApplicationBuilder builder)
    {
        var app = builder.Build();
        return new DockerModeModel(app, app.Services.GetRequiredService<DistributedApplicationModel>());
    }

    public IEnumerable<ContainerResource> Containers => model.Resources.OfType<ContainerResource>();

    public IEnumerable<ProjectResource> Projects => model.Resources.OfType<ProjectResource>();

    public IEnumerable<PostgresDatabaseResource> Databases => model.Resources.OfType<PostgresDatabaseResource>();

    public IResource Resource(string name) => model.Resources.Single(r => r.Name == name);

    /// <summary>A container as compose would describe it.</summary>
    public async Task<ServiceShape> ShapeAsync(ContainerResource container, CancellationToken cancellationToken)
    {
        var image = container.Annotations.OfType<ContainerImageAnnotation>().Last();
        return new ServiceShape(
            $"{(image.Registry is null ? "" : image.Registry + "/")}{image.Image}:{image.Tag}",
            [.. container.Entrypoint is null ? [] : new[] { container.Entrypoint }, .. await ArgumentsAsync(container, cancellationToken)],
            [.. container.Annotations.OfType<EndpointAnnotation>().Select(e => e.TargetPort!.Value).Order()],
            [.. container.Annotations.OfType<ContainerMountAnnotation>()
                .Where(m => m.Type == ContainerMountType.BindMount)
                .Select(m => $"{Path.GetFullPath(m.Source!)}:{m.Target}{(m.IsReadOnly ? ":ro" : "")}")
                .Concat(await CopiedFilesAsync(container, cancellationToken))
                .Order()],
            await EnvironmentAsync(container, cancellationToken),
            DependsOn(container),
            container.Annotations.OfType<HealthCheckAnnotation>().Any());
    }

    /// <summary>
    /// Files copied into a container when it is created, described as compose mounts them: from the
    /// repository's file with the same name and the same text, read-only. A copied file whose text
    /// differs from the repository's is described by its name alone, and matches no compose mount.
    /// </summary>
    public async Task<IReadOnlyList<string>> CopiedFilesAsync(ContainerResource container, CancellationToken cancellationToken)
    {
        var described = new List<string>();
        foreach (var files in container.Annotations.OfType<ContainerFileSystemCallbackAnnotation>())
        {
            var context = new ContainerFileSystemCallbackContext { Services = app.Services, Model = container };
            foreach (var file in (await files.Callback(context, cancellationToken)).OfType<ContainerFile>())
            {
                var source = Repository.PathOf($"deploy/rocketmq/{file.Name}");
                var same = File.Exists(source) && File.ReadAllText(source) == file.Contents;
                described.Add($"{(same ? source : $"(copied) {file.Name}")}:{files.DestinationPath}/{file.Name}:ro");
            }
        }

        return described;
    }

    /// <summary>The environment a resource gets, values as containers see them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync(IResource resource, CancellationToken cancellationToken) =>
        (await EnvironmentValuesAsync(resource, cancellationToken)).ToDictionary(pair => pair.Key, pair => Describe(pair.Value));

    /// <summary>The environment a resource gets, values as the model holds them (a parameter is the parameter).</summary>
    public async Task<IReadOnlyDictionary<string, object>> EnvironmentValuesAsync(IResource resource, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(_execution, resource, values, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return values;
    }

    /// <summary>
    /// What a resource waits for, as compose's <c>depends_on</c> would say it. A database is healthy
    /// when its server is; RocketMQ is healthy when the process it runs on (the proxy) is. Waiting
    /// for a resource without health checks is waiting for it to run: compose's <c>service_started</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DependsOn(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>()
            .Select(wait => KeyValuePair.Create(
                wait.Resource switch
                {
                    IResourceWithParent child => child.Parent.Name,
                    RocketMqResource rocketmq => rocketmq.Broker.Name,
                    var other => other.Name,
                },
                wait.WaitType switch
                {
                    WaitType.WaitForCompletion => ServiceShape.Completed,
                    WaitType.WaitUntilHealthy when wait.Resource.Annotations.OfType<HealthCheckAnnotation>().Any() => ServiceShape.Healthy,
                    _ => ServiceShape.Started,
                }))
            // Waiting for a database also waits for its server: one dependency in compose's terms.
            .Distinct()
            .ToDictionary();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IReadOnlyList<string>> ArgumentsAsync(ContainerResource resource, CancellationToken cancellationToken)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, resource, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. arguments.Select(Describe)];
    }

    private string Describe(object value) => value switch
    {
        string text => text,
        IManifestExpressionProvider expression => Resolve(expression.ValueExpression),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// Replaces Aspire's placeholders (<c>{postgres.bindings.tcp.port}</c>, <c>{usersdb.connectionString}</c>,
    /// <c>{postgres-password.value}</c>) with what a container on the same network would use; others
    /// (such as a project's own URL) are left as they are, and compare unequal to anything compose says.
    /// </summary>
    private string Resolve(string expression) => Placeholder().Replace(expression, match =>
    {
        var resource = Resource(match.Groups["resource"].Value);
        var path = match.Groups["path"].Value.Split('.');
        return (resource, path) switch
        {
            (IResourceWithConnectionString withConnectionString, ["connectionString"]) => Resolve(withConnectionString.ConnectionStringExpression.ValueExpression),
            (ParameterResource, ["value"]) => ServiceShape.Secret,
            (_, ["bindings", var endpoint, "host"]) => resource.Name,
            (_, ["bindings", var endpoint, "port" or "targetPort"]) => TargetPort(resource, endpoint) ?? match.Value,
            _ => match.Value,
        };
    });

    // A project's port is chosen when it starts: it has none yet.
    private static string? TargetPort(IResource resource, string endpoint) =>
        resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpoint).TargetPort?
            .ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{(?<resource>[A-Za-z0-9-]+)\.(?<path>[A-Za-z0-9.-]+)\}")]
    private static partial Regex Placeholder();
}
