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

    /// <summary>The group the fault commands hang under; the unknown-name route comes with it.</summary>
    public static RouteGroupBuilder MapFaultGroup(this IEndpointRouteBuilder app)
    {
        var faults = app.MapGroup("/dev/faults").WithTags(Tag);

        // Known names are literal routes, which win over this one.
        faults.MapPost("/{name}", UnknownFault).ExcludeFromDescription();
        return faults;
    }

    /// <summary>Maps <c>POST /dev/faults/{fault.Name}</c>.</summary>
    public static RouteHandlerBuilder MapFault(this RouteGroupBuilder faults, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return faults.MapPost($"/{fault.Name}", (ArmedFaults armed) => Arm(armed, fault))
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
