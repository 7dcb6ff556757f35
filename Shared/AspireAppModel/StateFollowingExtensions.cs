using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// For resources without a process of their own (a database on a server, RocketMQ as the
/// applications see it): they take the state of the process behind them. DCP gives its state to
/// the children of containers only; without this, the others would never leave "Not started" and
/// nothing could wait for them. Linked as source into the projects that add such resources.
/// </summary>
internal static class StateFollowingExtensions
{
    /// <summary>
    /// Gives the resource the state (and start and stop times) of <paramref name="source"/> whenever
    /// it changes, so its health checks run while the source runs and a restart shows on it too. It
    /// runs once the source runs <em>and is healthy</em>: its own checks depend on the source's, and
    /// each failed check would push the next one further back. A resource with a connection string
    /// shows it in its details once the source runs.
    /// </summary>
    public static IResourceBuilder<T> WithStateOf<T>(this IResourceBuilder<T> builder, Func<IResource> source)
        where T : IResource =>
        builder.OnInitializeResource((resource, initialize, cancellationToken) => FollowAsync(resource, source(), initialize.Notifications, cancellationToken));

    private static async Task FollowAsync(IResource resource, IResource source, ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        string? connectionString = null;
        await foreach (var change in notifications.WatchAsync(cancellationToken))
        {
            if (!ReferenceEquals(change.Resource, source))
            {
                continue;
            }

            var state = change.Snapshot.State;
            if (state?.Text == KnownResourceStates.Running && change.Snapshot.HealthStatus != HealthStatus.Healthy)
            {
                state = KnownResourceStates.Starting;
            }

            if (state?.Text == KnownResourceStates.Running && connectionString is null && resource is IResourceWithConnectionString withConnectionString)
            {
                // Known once the source's endpoints are allocated.
                connectionString = await withConnectionString.ConnectionStringExpression.GetValueAsync(cancellationToken);
            }

            await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
            {
                State = state,
                StartTimeStamp = change.Snapshot.StartTimeStamp,
                StopTimeStamp = change.Snapshot.StopTimeStamp,
                Properties = connectionString is null
                    ? snapshot.Properties
                    :
                    [
                        .. snapshot.Properties.Where(p => p.Name != CustomResourceKnownProperties.ConnectionString),
                        new ResourcePropertySnapshot(CustomResourceKnownProperties.ConnectionString, connectionString) { IsSensitive = true },
                    ],
            });
        }
    }
}
