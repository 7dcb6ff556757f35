using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PointsDemo.RocketMq.DevBroker;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// The whole system in-process with the fault commands as Development has them, driven only over
/// HTTP, with short broker timings: a check-back three seconds after a half message, three delivery
/// attempts before the dead-letter queue, a one-second invisible duration and retries within half a
/// second. The demo's own log lines (Information and up) of each service instance are kept.
/// </summary>
public sealed class FaultFlow(PostgresFixture postgres) : RunningSystem(postgres, "faults")
{
    public const int MaxDeliveryAttempts = 3;

    /// <summary>What the current UserService instance logged.</summary>
    internal CapturedLogs UsersLogs { get; private set; } = new();

    internal CapturedLogs PointsLogs { get; } = new();

    /// <summary>The registration id of the user with <paramref name="userId"/>.</summary>
    internal Task<Guid> RegistrationIdOfAsync(Guid userId) => UserColumnAsync("SELECT registration_id FROM users WHERE id = @id", userId);

    /// <summary>The user whose registration id is <paramref name="registrationId"/>.</summary>
    internal Task<Guid> UserOfAsync(Guid registrationId) => UserColumnAsync("SELECT id FROM users WHERE registration_id = @id", registrationId);

    /// <summary>Whether the current UserService instance answered a check-back of <paramref name="registrationId"/> with COMMIT.</summary>
    internal bool CheckedBackCommitted(Guid registrationId) =>
        UsersLogs.Lines.Any(l => l.Message.StartsWith($"Check-back for registration {registrationId} ", StringComparison.Ordinal)
            && l.Message.EndsWith(" found it committed", StringComparison.Ordinal));

    /// <summary>Whether the broker holds a half message of the registration <paramref name="registrationId"/>, neither committed nor rolled back.</summary>
    internal bool HalfMessagePending(Guid registrationId) =>
        Broker.Inspector.TakeSnapshot().HalfMessages.Any(h => h.Keys.Contains(registrationId.ToString("D")));

    internal GroupSnapshot Group() => Broker.Inspector.TakeSnapshot().Groups.Single(g => g.Name == TestBroker.Group);

    private protected override void ConfigureBroker(DevBrokerOptions options)
    {
        // Longer than a busy machine takes to finish a registration, and to stop an instance whose process "died".
        options.TransactionTimeout = TimeSpan.FromSeconds(3);
        options.MaxDeliveryAttempts = MaxDeliveryAttempts;
    }

    private protected override void ConfigureUsers(IServiceCollection services)
    {
        // A new instance, a new log: a replica's lines are its own.
        UsersLogs = new CapturedLogs();
        Capture(services, UsersLogs);
    }

    private protected override void ConfigurePoints(IServiceCollection services) => Capture(services, PointsLogs);

    private async Task<Guid> UserColumnAsync(string sql, Guid id)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(UsersDb);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (Guid)(await command.ExecuteScalarAsync(ct))!;
    }

    private static void Capture(IServiceCollection services, CapturedLogs logs) =>
        services.AddLogging(logging => logging.AddProvider(logs).AddFilter<CapturedLogs>("PointsDemo", LogLevel.Information));
}
