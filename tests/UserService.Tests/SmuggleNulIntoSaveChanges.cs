using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PointsDemo.TestSupport.Services;

namespace PointsDemo.UserService.Tests;

/// <summary>
/// Hands SaveChanges' writes to <see cref="SmuggleNul"/>: SaveChanges sends its INSERT batch as a
/// reader (it reads back generated values and row counts), which <see cref="SmuggleNul"/> does not
/// see on its own. Register both.
/// </summary>
internal sealed class SmuggleNulIntoSaveChanges(SmuggleNul smuggleNul) : DbCommandInterceptor
{
    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.StartsWith("INSERT", StringComparison.Ordinal))
        {
            await smuggleNul.NonQueryExecutingAsync(command, eventData, default, cancellationToken);
        }

        return result;
    }
}
