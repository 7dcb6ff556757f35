using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PointsDemo.PointsService.Faults;
using PointsDemo.PointsService.Grants;
using PointsDemo.TestSupport;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.PointsService.Tests;

/// <summary>PointsService's fault commands: Development only.</summary>
public sealed class FaultsApiTests(PostgresFixture postgres) : DevelopmentRoutesTests<PointsServiceMarker>(postgres)
{
    private protected override IReadOnlyDictionary<string, HttpStatusCode> Routes { get; } = new Dictionary<string, HttpStatusCode>
    {
        ["/dev/faults/fail-next-grant"] = HttpStatusCode.Accepted,
        ["/dev/faults/poison-next-message"] = HttpStatusCode.Accepted,
        ["/dev/faults/deliver-next-message-twice"] = HttpStatusCode.Accepted,
    };

    private protected override (Type Seam, Type Armed, Type Inert) Seams =>
        (typeof(IGrantCrashPoints), typeof(GrantFaults), typeof(NoGrantCrashes));

    private protected override WebApplicationFactory<PointsServiceMarker> Start(string database, string? environment) =>
        new PointsServiceHost(database, UnusedPort.Endpoint(), environment: environment);
}
