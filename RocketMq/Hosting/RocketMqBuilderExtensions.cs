using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// Adds RocketMQ 5 to an Aspire application:
/// <code>
/// var rocketmq = builder.AddRocketMq("rocketmq")
///     .WithTopic("user-registered", RocketMqMessageType.Transaction)
///     .WithConsumerGroup("points-service")
///     .RunAsDevBroker();      // with the PointsDemo.RocketMq.DevBroker package; or .RunAsContainers() where Docker or Podman runs
/// builder.AddProject&lt;Projects.UserService&gt;("user-service").WithReference(rocketmq).WaitFor(rocketmq);
/// </code>
/// The application reads <c>ConnectionStrings:rocketmq</c> with the client's <c>builder.AddRocketMqProducer("rocketmq")</c> or <c>AddRocketMqSimpleConsumer("rocketmq")</c>.
/// </summary>
public static class RocketMqBuilderExtensions
{
    /// <summary>The resource type the dashboard shows.</summary>
    public const string ResourceType = "RocketMQ";

    /// <summary>
    /// Adds a RocketMQ resource. Declare its topics and groups, then choose what runs it with
    /// <see cref="RocketMqContainerExtensions.RunAsContainers"/>, or with the dev broker:
    /// <c>RunAsDevBroker()</c> from the <c>PointsDemo.RocketMq.DevBroker</c> package, or
    /// <see cref="RocketMqDevBrokerExtensions.RunAsDevBroker{TProject}"/> from its project.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource's name, and the name of its connection string.</param>
    public static IResourceBuilder<RocketMqResource> AddRocketMq(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = new RocketMqResource(name);
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new RocketMqTopicsHealthCheck(resource), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ResourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithHealthCheck(healthCheckKey)
            .WithStateOf(() => resource.Broker);
    }

    /// <summary>Declares a topic, created with its message type when the broker starts.</summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="topic">The topic's name.</param>
    /// <param name="messageType">The messages it accepts; <see cref="RocketMqMessageType.Transaction"/> for half messages.</param>
    public static IResourceBuilder<RocketMqResource> WithTopic(this IResourceBuilder<RocketMqResource> builder, string topic, RocketMqMessageType messageType = RocketMqMessageType.Normal)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        builder.Resource.AddTopic(new RocketMqTopic(topic, messageType));
        return builder;
    }

    /// <summary>Declares a consumer group, created when the broker starts.</summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="group">The group's name.</param>
    public static IResourceBuilder<RocketMqResource> WithConsumerGroup(this IResourceBuilder<RocketMqResource> builder, string group)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        builder.Resource.AddConsumerGroup(group);
        return builder;
    }

    /// <summary>
    /// Makes the broker refuse requests that are not signed with this key pair (RocketMQ's
    /// authentication): the dev broker checks every request's signature, and the connection string
    /// hands the keys to the applications, whose client signs with them.
    /// </summary>
    /// <param name="builder">The RocketMQ resource.</param>
    /// <param name="accessKey">The access key (a parameter: it names the credential in logs and errors).</param>
    /// <param name="secretKey">The secret key (a secret parameter).</param>
    public static IResourceBuilder<RocketMqResource> WithCredentials(
        this IResourceBuilder<RocketMqResource> builder, IResourceBuilder<ParameterResource> accessKey, IResourceBuilder<ParameterResource> secretKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(accessKey);
        ArgumentNullException.ThrowIfNull(secretKey);
        builder.Resource.SetCredentials(accessKey.Resource, secretKey.Resource);
        return builder;
    }

    /// <summary>Makes <paramref name="broker"/> the process that serves the resource's gRPC endpoint, shown as its child.</summary>
    internal static IResourceBuilder<RocketMqResource> RunsOn<TBroker>(this IResourceBuilder<RocketMqResource> builder, IResourceBuilder<TBroker> broker)
        where TBroker : IResourceWithEndpoints
    {
        builder.Resource.SetBroker(broker.Resource);
        broker.WithParentRelationship(builder.Resource);
        return builder;
    }
}
