using PointsDemo.UserService.Data;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Tests;

/// <summary>Every way a registration can end has its own value of <c>pointsdemo.registration.outcome</c>.</summary>
public sealed class RegistrationOutcomeTests
{
    [Fact]
    public void Each_kind_of_result_is_recorded_under_its_own_outcome()
    {
        RegistrationResult[] results =
        [
            new RegistrationResult.Registered(new User { Email = "ann@example.com", NormalizedEmail = "ann@example.com", DisplayName = "Ann" }),
            new RegistrationResult.DuplicateEmail(),
            new RegistrationResult.InvalidData(),
            new RegistrationResult.Unavailable("down"),
            new RegistrationResult.Undecided("unconfirmed"),
        ];

        // Every nested result type is listed above, so a new kind of result cannot slip through unnamed.
        Assert.Equal(
            typeof(RegistrationResult).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(RegistrationResult))).Select(t => t.Name).Order(),
            results.Select(r => r.GetType().Name).Order());
        Assert.Equal(
            ["registered", "duplicate_email", "invalid_data", "unavailable", "undecided"],
            results.Select(RegistrationTelemetry.OutcomeOf));
    }
}
