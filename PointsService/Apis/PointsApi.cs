using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PointsDemo.PointsService.Data;

namespace PointsDemo.PointsService.Apis;

/// <summary>A user's points: the balance and the grants behind it.</summary>
internal static class PointsApi
{
    public static RouteGroupBuilder MapPointsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/points").WithTags("Points");

        api.MapGet("/{userId:guid}", GetPointsAsync)
            .WithName("GetPoints")
            .WithSummary("Reads a user's balance and ledger entries.");

        return api;
    }

    public static async Task<Results<Ok<PointsResponse>, NotFound<ProblemDetails>>> GetPointsAsync(
        Guid userId, PointsDbContext db, CancellationToken cancellationToken)
    {
        var balance = await db.PointBalances.AsNoTracking().SingleOrDefaultAsync(b => b.UserId == userId, cancellationToken);
        if (balance is null)
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "No points",
                Detail = $"User {userId} has no points (unknown, or their registration is still on its way).",
            });
        }

        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderBy(e => e.GrantedAt)
            .Select(e => new LedgerEntryResponse(e.RegistrationId, e.Points, e.Reason, e.GrantedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PointsResponse(userId, balance.Balance, entries));
    }
}

/// <summary>A user's points.</summary>
internal sealed record PointsResponse(Guid UserId, long Balance, IReadOnlyList<LedgerEntryResponse> Entries);

/// <summary>One grant.</summary>
internal sealed record LedgerEntryResponse(Guid RegistrationId, int Points, string Reason, DateTimeOffset GrantedAt);
