using PointsDemo.Faults;
using PointsDemo.PointsService.Faults;

namespace PointsDemo.PointsService.Apis;

/// <summary>Development only: the routes behind the dashboard's fault commands on points-service, each arming one fault for the next registration's message.</summary>
internal static class FaultsApi
{
    public static RouteGroupBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var development = app.MapDevelopmentGroup();
        development.MapFault(GrantFaults.FailNextGrant);
        development.MapFault(GrantFaults.PoisonNextMessage);
        development.MapFault(GrantFaults.DeliverNextMessageTwice);
        return development;
    }
}
