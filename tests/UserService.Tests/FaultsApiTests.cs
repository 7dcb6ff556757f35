using Microsoft.AspNetCore.Mvc.Testing;
using PointsDemo.Services.Testing;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Faults;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Tests;

/// <summary>UserService's fault commands and sample registration: Development only.</summary>
public sealed class FaultsApiTests(PostgresFixture postgres) : DevelopmentRoutesTests<UserServiceMarker>(postgres)
{
    private protected override IReadOnlyList<string> Routes { get; } =
        ["/dev/faults/lose-next-commit", "/dev/faults/fail-next-local-transaction", "/dev/faults/die-after-next-local-commit", "/dev/sample-user"];

    private protected override (Type Seam, Type Armed, Type Inert) Seams =>
        (typeof(IRegistrationCrashPoints), typeof(RegistrationFaults), typeof(NoRegistrationCrashes));

    private protected override WebApplicationFactory<UserServiceMarker> Start(string database, string? environment) =>
        new UserServiceHost(database, UnusedPort.Endpoint(), environment: environment);
}
