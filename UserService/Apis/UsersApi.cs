using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PointsDemo.UserService.Data;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Apis;

/// <summary>The users resource: register a user (which grants them points), read one back.</summary>
internal static class UsersApi
{
    /// <summary>A registration is two short strings; anything bigger is refused before it is read.</summary>
    public const long MaxRequestBodyBytes = 4 * 1024;

    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/users").WithTags("Users");

        api.MapPost("/", RegisterUserAsync)
            .WithName("RegisterUser")
            .WithSummary("Registers a user; PointsService then grants them the registration points.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBodyBytes))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/{id:guid}", GetUserAsync)
            .WithName("GetUser")
            .WithSummary("Reads a registered user.");

        return api;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, Conflict<ProblemDetails>, ProblemHttpResult>> RegisterUserAsync(
        RegisterUserRequest request, UserRegistration registration, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await registration.RegisterAsync(request.Email!, request.DisplayName!, cancellationToken);
        return result switch
        {
            RegistrationResult.Registered registered => TypedResults.Created($"/users/{registered.User.Id}", ToResponse(registered.User)),
            RegistrationResult.DuplicateEmail => TypedResults.Conflict(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Email already registered",
                Detail = "A user with this email is already registered.",
            }),
            RegistrationResult.Unavailable unavailable => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Registration unavailable", detail: unavailable.Reason),
            _ => throw new InvalidOperationException($"Unexpected registration result {result}."),
        };
    }

    public static async Task<Results<Ok<UserResponse>, NotFound<ProblemDetails>>> GetUserAsync(
        Guid id, UsersDbContext db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null
            ? TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "User not found", Detail = $"No user has id {id}." })
            : TypedResults.Ok(ToResponse(user));
    }

    private static UserResponse ToResponse(User user) => new(user.Id, user.Email, user.DisplayName, user.RegisteredAt);
}
