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
        // The prefix is in the routes, not the group: a group "/users" joins an empty route as "/users/",
        // and the route names the request's span ("POST /users").
        var api = app.MapGroup("").WithTags("Users");

        api.MapPost("/users", RegisterUserAsync)
            .WithName("RegisterUser")
            .WithSummary("Registers a user; PointsService then grants them the registration points.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBodyBytes))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/users/{id:guid}", GetUserAsync)
            .WithName("GetUser")
            .WithSummary("Reads a registered user.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> RegisterUserAsync(
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
            RegistrationResult.DuplicateEmail => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Email already registered", detail: "A user with this email is already registered."),
            RegistrationResult.InvalidData => TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid registration", detail: "The user database refused the email or the display name as invalid data."),
            RegistrationResult.Unavailable unavailable => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Registration unavailable", detail: unavailable.Reason),
            RegistrationResult.Undecided undecided => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Registration not confirmed", detail: undecided.Reason),
            _ => throw new InvalidOperationException($"Unexpected registration result {result}."),
        };
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUserAsync(
        Guid id, UsersDbContext db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No user has id {id}.")
            : TypedResults.Ok(ToResponse(user));
    }

    private static UserResponse ToResponse(User user) => new(user.Id, user.Email, user.DisplayName, user.RegisteredAt);
}
