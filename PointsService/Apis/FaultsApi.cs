using PointsDemo.Faults;
using PointsDemo.PointsService.Faults;

namespace PointsDemo.PointsService.Apis;

/// <summary>Development only: the routes behind the dashboard's fault commands on points-service, each arming one fault for the next registration's message.</summary>
internal static class FaultsApi
{
    public static RouteGroupBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var faults = app.MapFaultGroup();
        faults.MapFault(GrantFaults.FailNextGrant);
        faults.MapFault(GrantFaults.PoisonNextMessage);
        faults.MapFault(GrantFaults.DeliverNextMessageTwice);
        return faults;
    }
}
