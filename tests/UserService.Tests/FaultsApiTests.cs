using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;
using PointsDemo.UserService.Faults;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Tests;

/// <summary>UserService's fault commands and sample registration: Development only.</summary>
public sealed class FaultsApiTests(PostgresFixture postgres) : DevelopmentRoutesTests<UserServiceMarker>(postgres)
{
    private protected override IReadOnlyDictionary<string, HttpStatusCode> Routes { get; } = new Dictionary<string, HttpStatusCode>
    {
        ["/dev/faults/lose-next-commit"] = HttpStatusCode.Accepted,
        ["/dev/faults/fail-next-local-transaction"] = HttpStatusCode.Accepted,
        ["/dev/faults/die-after-next-local-commit"] = HttpStatusCode.Accepted,
        ["/dev/sample-user"] = HttpStatusCode.Created,
    };

    private protected override (Type Seam, Type Armed, Type Inert) Seams =>
        (typeof(IRegistrationCrashPoints), typeof(RegistrationFaults), typeof(NoRegistrationCrashes));

    private protected override WebApplicationFactory<UserServiceMarker> Start(string database, string? environment) =>
        new UserServiceHost(database, UnusedPort.Endpoint(), environment: environment);
}
