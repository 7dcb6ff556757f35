using Microsoft.AspNetCore.Http.HttpResults;
using PointsDemo.Faults;
using PointsDemo.UserService.Faults;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Apis;

/// <summary>
/// Development only: the routes behind the dashboard's commands on user-service. Each fault command
/// arms one fault for the next registration; <c>/dev/sample-user</c> makes that registration, so the
/// whole tour needs no terminal.
/// </summary>
internal static class FaultsApi
{
    private static readonly string[] SampleNames =
        ["Ada Lovelace", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov", "Leslie Lamport", "Frances Allen", "Tony Hoare", "Margaret Hamilton"];

    public static RouteGroupBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        var development = app.MapDevelopmentGroup();
        development.MapFault(RegistrationFaults.LoseNextCommit);
        development.MapFault(RegistrationFaults.FailNextLocalTransaction);
        development.MapFault(RegistrationFaults.DieAfterNextLocalCommit);

        development.MapPost("/sample-user", RegisterSampleUserAsync)
            .WithName("RegisterSampleUser")
            .WithSummary("Registers a sample user with a new address, as POST /users does (Development only).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return development;
    }

    /// <summary>The same endpoint as <c>POST /users</c>, with a body made up here: same validation, same flow, same answers.</summary>
    public static Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> RegisterSampleUserAsync(
        UserRegistration registration, CancellationToken cancellationToken) =>
        UsersApi.RegisterUserAsync(SampleUser(), registration, cancellationToken);

    private static RegisterUserRequest SampleUser()
    {
        var name = SampleNames[Random.Shared.Next(SampleNames.Length)];
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return new RegisterUserRequest($"{name.Replace(' ', '.').ToLowerInvariant()}.{suffix}@example.com", name);
    }
}
