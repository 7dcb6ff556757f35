using System.Reflection;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Runs a RocketMQ resource as the dev broker: a RocketMQ 5 stand-in that needs no container runtime.</summary>
public static class RocketMqDevBrokerExtensions
{
    /// <summary>The dev broker's read-only HTTP API (<c>/api/snapshot</c>, <c>/health</c>).</summary>
    public const string InspectionEndpointName = "inspect";

    /// <summary>The variable the dev broker reads its secret key from, out of its command line; the containers' scripts read it too.</summary>
    internal const string SecretKeyVariable = "ROCKETMQ_SECRET_KEY";

    /// <summary>
    /// The AppHost assembly's metadata key under which the PointsDemo.RocketMq.DevBroker package's
    /// build file records where its program lies (the package's folder in the NuGet cache), as Aspire's
    /// own packages record DCP's.
    /// </summary>
    internal const string ProgramPathMetadataKey = "PointsDemo.RocketMq.DevBroker.Path";

    /// <summary>
    /// Runs the resource as the dev broker project <typeparamref name="TProject"/>, a child resource
    /// named <c>&lt;name&gt;-broker</c> with its own process, console log, metrics and stop/restart
    /// commands. Its arguments declare the resource's topics and groups (and the access key, when the
    /// resource has credentials); its inspection API is one of its URLs.
    /// </summary>
    /// <typeparam name="TProject">The dev broker's project (<c>Projects.RocketMq_DevBroker</c>).</typeparam>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="port">The gRPC port applications connect to; a free one when null.</param>
    /// <param name="dataFolder">
    /// The folder the broker keeps its journal in: what it accepted survives a restart of the broker
    /// (from the dashboard, or after a crash). Null keeps everything in memory.
    /// </param>
    /// <param name="configure">Further configuration of the broker's project resource (arguments, environment).</param>
    public static IResourceBuilder<RocketMqResource> RunAsDevBroker<TProject>(
        this IResourceBuilder<RocketMqResource> builder, int? port = null, string? dataFolder = null, Action<IResourceBuilder<ProjectResource>>? configure = null)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var broker = builder.ApplicationBuilder.AddProject<TProject>(BrokerName(builder), launchProfileName: null)
            // The broker binds the ports it is given on its command line, not ASPNETCORE_URLS.
            .WithEndpointsInEnvironment(_ => false);
        Configure(builder.Resource, broker, port, dataFolder);
        configure?.Invoke(broker);
        return builder.RunsOn(broker);
    }

    /// <summary>
    /// Runs the resource as the dev broker from the <c>PointsDemo.RocketMq.DevBroker</c> package, which
    /// the AppHost references (of the same version as this one): a child resource named
    /// <c>&lt;name&gt;-broker</c> started as <c>dotnet RocketMq.DevBroker.dll</c> from the package's
    /// folder, with its own process, console log, metrics and stop/restart commands. Its arguments
    /// declare the resource's topics and groups (and the access key, when the resource has
    /// credentials); its inspection API is one of its URLs.
    /// </summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="port">The gRPC port applications connect to; a free one when null.</param>
    /// <param name="dataFolder">
    /// The folder the broker keeps its journal in, relative to the AppHost's folder: what it accepted
    /// survives a restart of the broker (from the dashboard, or after a crash). Null keeps everything in memory.
    /// </param>
    /// <param name="configure">Further configuration of the broker's executable resource (arguments, environment).</param>
    /// <exception cref="DistributedApplicationException">The AppHost does not reference the <c>PointsDemo.RocketMq.DevBroker</c> package.</exception>
    public static IResourceBuilder<RocketMqResource> RunAsDevBroker(
        this IResourceBuilder<RocketMqResource> builder, int? port = null, string? dataFolder = null, Action<IResourceBuilder<ExecutableResource>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var program = PackagedProgramPath(builder.ApplicationBuilder.AppHostAssembly);
        var broker = builder.ApplicationBuilder.AddExecutable(BrokerName(builder), "dotnet", builder.ApplicationBuilder.AppHostDirectory, program);
        Configure(builder.Resource, broker, port, dataFolder);
        configure?.Invoke(broker);
        return builder.RunsOn(broker);
    }

    private static string BrokerName(IResourceBuilder<RocketMqResource> builder) => $"{builder.Resource.Name}-broker";

    /// <summary>Where the referenced DevBroker package's program lies, as its build file recorded it in the AppHost's assembly.</summary>
    internal static string PackagedProgramPath(Assembly? appHost)
    {
        var path = appHost?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == ProgramPathMetadataKey)?.Value;
        if (string.IsNullOrEmpty(path))
        {
            throw new DistributedApplicationException(
                "RunAsDevBroker() runs the dev broker from the PointsDemo.RocketMq.DevBroker package: add a PackageReference to it " +
                "(the same version as PointsDemo.RocketMq.Hosting) to the AppHost, or use RunAsDevBroker<TProject>() with the broker's project.");
        }

        if (!File.Exists(path))
        {
            throw new DistributedApplicationException(
                $"The dev broker's program is missing at '{path}', where the PointsDemo.RocketMq.DevBroker package put it at build time: restore and build the AppHost again.");
        }

        return path;
    }

    /// <summary>The broker's endpoints, command line, health check and links, the same for its project and its packaged program.</summary>
    private static void Configure<TBroker>(RocketMqResource rocketmq, IResourceBuilder<TBroker> broker, int? port, string? dataFolder)
        where TBroker : IResourceWithEndpoints, IResourceWithArgs, IResourceWithEnvironment
    {
        broker
            .WithEndpoint(name: RocketMqResource.ProxyEndpointName, scheme: "tcp", port: port)
            .WithHttpEndpoint(name: InspectionEndpointName)
            // Plaintext: gRPC over h2c, as the real proxy accepts too, on loopback.
            .WithoutHttpsCertificate();
        var grpc = broker.GetEndpoint(RocketMqResource.ProxyEndpointName);
        var inspection = broker.GetEndpoint(InspectionEndpointName);
        broker
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(grpc.Property(EndpointProperty.TargetPort));
                context.Args.Add("--http-port");
                context.Args.Add(inspection.Property(EndpointProperty.TargetPort));
                foreach (var topic in rocketmq.Topics)
                {
                    context.Args.Add("--topic");
                    context.Args.Add($"{topic.Name}:{topic.MessageTypeName}");
                }

                foreach (var group in rocketmq.ConsumerGroups)
                {
                    context.Args.Add("--group");
                    context.Args.Add(group);
                }

                if (dataFolder is not null)
                {
                    context.Args.Add("--data");
                    context.Args.Add(dataFolder);
                }

                if (rocketmq.AccessKey is { } accessKey)
                {
                    context.Args.Add("--access-key");
                    context.Args.Add(accessKey);
                }
            })
            .WithEnvironment(context =>
            {
                if (rocketmq.SecretKey is { } secretKey)
                {
                    context.EnvironmentVariables[SecretKeyVariable] = secretKey;
                }
            })
            .WithStartingHttpHealthCheck("/health", InspectionEndpointName)
            .WithUrlForEndpoint(InspectionEndpointName, url =>
            {
                url.Url = "/api/snapshot";
                url.DisplayText = "Broker snapshot (JSON)";
            })
            .WithUrlForEndpoint(RocketMqResource.ProxyEndpointName, url => url.DisplayText = "gRPC (RocketMQ proxy protocol)");
    }
}
