using Microsoft.AspNetCore.Http.HttpResults;

namespace PointsDemo.Faults;

/// <summary>
/// The routes of the dashboard's fault commands, shared by both services: <c>POST /dev/faults/{name}</c>
/// arms one fault and answers 202 with what it will do; an unknown name answers a 404 problem
/// naming the faults there are. Each service's <c>Apis/FaultsApi.cs</c> lists its own.
/// </summary>
internal static class FaultEndpoints
{
    /// <summary>The Swagger tag of everything that exists only in Development.</summary>
    public const string Tag = "Faults (Development)";

    /// <summary>The group of a service's Development-only routes, <c>/dev</c>; the unknown-fault route comes with it.</summary>
    public static RouteGroupBuilder MapDevelopmentGroup(this IEndpointRouteBuilder app)
    {
        var development = app.MapGroup("/dev").WithTags(Tag);

        // Known names are literal routes, which win over this one.
        development.MapPost("/faults/{name}", UnknownFault).ExcludeFromDescription();
        return development;
    }

    /// <summary>Maps <c>POST /dev/faults/{fault.Name}</c> in the <see cref="MapDevelopmentGroup"/>.</summary>
    public static RouteHandlerBuilder MapFault(this RouteGroupBuilder development, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return development.MapPost($"/faults/{fault.Name}", (ArmedFaults armed) => Arm(armed, fault))
            .WithName("Arm" + string.Concat(fault.Name.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..])))
            .WithSummary($"Arms {fault.Name} for the next registration (Development only).")
            .WithDescription(fault.Effect);
    }

    public static Accepted<ArmedFaultResponse> Arm(ArmedFaults armed, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(armed);
        var newlyArmed = armed.Arm(fault);
        return TypedResults.Accepted(
            (string?)null,
            new ArmedFaultResponse(
                fault.Name,
                AlreadyArmed: !newlyArmed,
                newlyArmed ? $"{fault.Name} armed. {fault.Effect}" : $"{fault.Name} was armed already and still fires once. {fault.Effect}"));
    }

    public static ProblemHttpResult UnknownFault(string name, ArmedFaults armed, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(armed);
        ArgumentNullException.ThrowIfNull(environment);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown fault",
            detail: $"{environment.ApplicationName} has no fault '{name}'; it has {string.Join(", ", armed.Known.Select(f => f.Name))}.");
    }
}

/// <summary>What a fault command armed.</summary>
/// <param name="Fault">The fault's name.</param>
/// <param name="AlreadyArmed">It was armed before this command and had not fired; it still fires once.</param>
/// <param name="Message">One line for the person who clicked: what the next registration will go through.</param>
internal sealed record ArmedFaultResponse(string Fault, bool AlreadyArmed, string Message);
