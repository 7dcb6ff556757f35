using System.Net;
using Npgsql;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.EndToEnd.Tests;

/// <summary>
/// A crash at each step of the flow, then the invariant: every registered user has exactly the
/// registration points, and nobody else has any. The broker's check-back and redelivery do the repair.
/// </summary>
public sealed class CrashRecoveryTests(RegistrationFlow flow) : IClassFixture<RegistrationFlow>
{
    [Theory]
    [InlineData(CrashPoint.None, HttpStatusCode.Created, true)]
    [InlineData(CrashPoint.BeforeHalfMessage, HttpStatusCode.InternalServerError, false)]
    [InlineData(CrashPoint.AfterHalfMessage, HttpStatusCode.InternalServerError, false)]
    [InlineData(CrashPoint.AfterLocalCommit, HttpStatusCode.InternalServerError, true)]
    [InlineData(CrashPoint.BeforeGrant, HttpStatusCode.Created, true)]
    [InlineData(CrashPoint.AfterGrantCommit, HttpStatusCode.Created, true)]
    public async Task After_a_crash_the_user_is_registered_with_exactly_the_points_or_not_at_all(CrashPoint crash, HttpStatusCode status, bool registered)
    {
        var email = $"{crash}-{Guid.NewGuid():N}@example.com".ToLowerInvariant();
        var crashesBefore = flow.Crashes.Crashes;

        Assert.Equal(status, await flow.RegisterAsync(email, crash));

        var state = await flow.InvariantHoldsAsync();
        Assert.Equal(registered, state.Users.Values.Contains(email));
        Assert.Equal(crash == CrashPoint.None ? crashesBefore : crashesBefore + 1, flow.Crashes.Crashes);
    }

    [Fact]
    public async Task A_duplicate_delivery_of_a_registration_grants_nothing_more()
    {
        var email = $"duplicate-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.Created, await flow.RegisterAsync(email));
        await flow.InvariantHoldsAsync();
        var (registrationId, userId) = await RegistrationOfAsync(email);

        // The same event again, as a broker redelivering after a lost ack would hand it over.
        await Publisher.PublishCommittedAsync(flow.Broker.Endpoint, Publisher.UserRegisteredBody(registrationId, userId), registrationId.ToString("D"));
        await Publisher.PublishCommittedAsync(flow.Broker.Endpoint, Publisher.UserRegisteredBody(registrationId, userId), registrationId.ToString("D"));

        var state = await flow.InvariantHoldsAsync();
        Assert.Equal((100, 1), state.Points[userId]);
    }

    private async Task<(Guid RegistrationId, Guid UserId)> RegistrationOfAsync(string email)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(flow.UsersDb);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT registration_id, id FROM users WHERE email = @email", connection);
        command.Parameters.AddWithValue("email", email);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        return (reader.GetGuid(0), reader.GetGuid(1));
    }
}
