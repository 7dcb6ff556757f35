using Microsoft.AspNetCore.Mvc.Testing;
using PointsDemo.PointsService.Faults;
using PointsDemo.PointsService.Grants;
using PointsDemo.Services.Testing;
using PointsDemo.TestSupport;

namespace PointsDemo.PointsService.Tests;

/// <summary>PointsService's fault commands: Development only.</summary>
public sealed class FaultsApiTests(PostgresFixture postgres) : DevelopmentRoutesTests<PointsServiceMarker>(postgres)
{
    private protected override IReadOnlyList<string> Routes { get; } =
        ["/dev/faults/fail-next-grant", "/dev/faults/poison-next-message", "/dev/faults/deliver-next-message-twice"];

    private protected override (Type Seam, Type Armed, Type Inert) Seams =>
        (typeof(IGrantCrashPoints), typeof(GrantFaults), typeof(NoGrantCrashes));

    private protected override WebApplicationFactory<PointsServiceMarker> Start(string database, string? environment) =>
        new PointsServiceHost(database, UnusedPort.Endpoint(), environment: environment);
}
