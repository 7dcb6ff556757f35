using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// A test class with UserService on a fresh database and a broker that is down: for what needs no
/// message (validation, reads, the checker), and for the broker being unreachable.
/// </summary>
public abstract class UserServiceWithoutBroker(PostgresFixture postgres, string database) : IAsyncLifetime
{
    private protected UserServiceHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = new UserServiceHost(await postgres.CreateDatabaseAsync(database, TestContext.Current.CancellationToken), UnusedPort.Endpoint());

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
