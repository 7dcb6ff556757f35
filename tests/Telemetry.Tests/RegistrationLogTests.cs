using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using PointsDemo.TestSupport;
using static PointsDemo.Telemetry.Tests.SpanQueries;
using static PointsDemo.Telemetry.Tests.TelemetryCapture;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// Every log line of a registration carries its ids through logging scopes (which ServiceDefaults
/// exports with OTLP), and the trace id of the span it was written in.
/// </summary>
[Collection(nameof(ObservedSystem))]
public sealed class RegistrationLogTests(ObservedSystem system)
{
    [Fact]
    public async Task The_log_lines_of_a_registration_carry_its_ids_and_its_trace_in_both_services()
    {
        var userId = await system.RegisterNewUserAsync("logs");
        var server = await ServerSpanAsync(system.Users, "pointsdemo.user.id", userId);
        var registrationId = server.Tag("pointsdemo.registration.id")!;
        var messageId = (await ChildAsync(system.Users, server, $"send {Topic}")).Tag("messaging.message.id")!;

        var registered = await LogAsync(system.Users, "PointsDemo.UserService.Registration.UserRegistration", registrationId);
        Assert.Equal(server.TraceId, registered.TraceId);
        var registeredScopes = ScopeValues(registered);
        Assert.Equal(userId, registeredScopes["UserId"]);
        Assert.Equal(messageId, registeredScopes["MessageId"]);

        var granted = await LogAsync(system.Points, "PointsDemo.PointsService.Grants.UserRegisteredConsumer", registrationId);
        Assert.Equal(server.TraceId, granted.TraceId);
        var grantedScopes = ScopeValues(granted);
        Assert.Equal(userId, grantedScopes["UserId"]);
        Assert.Equal(messageId, grantedScopes["MessageId"]);
        Assert.Equal("1", grantedScopes["DeliveryAttempt"]);
    }

    [Fact]
    public void Scopes_and_formatted_messages_reach_the_OpenTelemetry_log_exporters()
    {
        var options = system.UsersServices.GetRequiredService<IOptionsMonitor<OpenTelemetryLoggerOptions>>().CurrentValue;
        Assert.True(options.IncludeScopes);
        Assert.True(options.IncludeFormattedMessage);
    }

    /// <summary>The first log record of <paramref name="category"/> inside a scope of the registration.</summary>
    private static async Task<LogRecord> LogAsync(TelemetryCapture capture, string category, string registrationId)
    {
        var found = await Eventually.MeetsAsync(
            () => capture.Logs.Now().FirstOrDefault(r => r.CategoryName == category && ScopeValues(r).GetValueOrDefault("RegistrationId") == registrationId),
            r => r is not null,
            $"a {category} log line in registration {registrationId}'s scope");
        return found!;
    }
}
