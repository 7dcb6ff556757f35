using Microsoft.Extensions.DependencyInjection;
using PointsDemo.RocketMq.DevBroker;
using Broker = PointsDemo.RocketMq.DevBroker.DevBroker;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// The whole system in-process: the dev broker, UserService and PointsService on databases of their
/// own. Subclasses say how the broker is timed, what each service gets besides its own set-up,
/// and where the services reach the broker.
/// </summary>
public abstract class RunningSystem(PostgresFixture postgres, string name) : IAsyncLifetime
{
    private string _usersDb = null!;
    private string _servicesEndpoint = null!;

    internal Broker Broker { get; private set; } = null!;

    internal UserServiceHost UsersHost { get; private set; } = null!;

    internal PointsServiceHost PointsHost { get; private set; } = null!;

    /// <summary>A client of UserService; it follows the service across <see cref="RestartUserServiceAsync"/>.</summary>
    internal HttpClient UsersClient { get; private set; } = null!;

    internal HttpClient PointsClient { get; private set; } = null!;

    internal string UsersDb => _usersDb;

    internal string PointsDb => PointsHost.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Broker = await TestBroker.StartAsync(ConfigureBroker);
        _servicesEndpoint = ServicesEndpoint(Broker);
        _usersDb = await postgres.CreateDatabaseAsync($"{name}_users", ct);
        StartUserService();
        PointsHost = new PointsServiceHost(await postgres.CreateDatabaseAsync($"{name}_points", ct), _servicesEndpoint, ConfigurePoints, PointsSettings);
        PointsClient = PointsHost.CreateClient();
        Started();
    }

    public virtual async ValueTask DisposeAsync()
    {
        UsersClient.Dispose();
        PointsClient.Dispose();
        await PointsHost.DisposeAsync();
        await UsersHost.DisposeAsync();
        await Broker.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Stops UserService and starts another instance on the same database and broker, as a replica
    /// or a restarted process takes over from one that died: it answers the broker's check-backs from then on.
    /// </summary>
    internal async Task RestartUserServiceAsync()
    {
        UsersClient.Dispose();
        await UsersHost.DisposeAsync();
        StartUserService();
        Started();
    }

    /// <summary>Waits until the broker has nothing in flight and the invariant holds; fails with what is wrong otherwise.</summary>
    internal Task<FlowState> InvariantHoldsAsync() =>
        Eventually.MeetsAsync(
            () => FlowState.ReadAsync(UsersDb, PointsDb, Broker.Inspector, TestBroker.Group),
            state => state.Holds,
            "every registered user has exactly the registration points (none if their message was dead-lettered), nobody else has any, and nothing is in flight",
            TimeSpan.FromSeconds(60));

    private protected abstract void ConfigureBroker(DevBrokerOptions options);

    /// <summary>
    /// Called once the broker listens: the only endpoint both services are given. The broker's own,
    /// unless a subclass puts something in front of it (and points that at <paramref name="broker"/> here).
    /// </summary>
    private protected virtual string ServicesEndpoint(Broker broker) => broker.Endpoint;

    private protected virtual void ConfigureUsers(IServiceCollection services)
    {
    }

    private protected virtual void ConfigurePoints(IServiceCollection services)
    {
    }

    private protected virtual IReadOnlyDictionary<string, string?>? UsersSettings => null;

    private protected virtual IReadOnlyDictionary<string, string?>? PointsSettings => null;

    /// <summary>Called once both services run, and again after each <see cref="RestartUserServiceAsync"/>.</summary>
    private protected virtual void Started()
    {
    }

    private void StartUserService()
    {
        UsersHost = new UserServiceHost(_usersDb, _servicesEndpoint, ConfigureUsers, UsersSettings);
        UsersClient = UsersHost.CreateClient();
    }
}
