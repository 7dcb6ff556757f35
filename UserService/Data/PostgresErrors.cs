using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PointsDemo.UserService.Data;

/// <summary>Reads what PostgreSQL said when a write failed.</summary>
internal static class PostgresErrors
{
    public static bool IsUniqueViolation(this DbUpdateException exception, string constraint) =>
        exception.InnerException is PostgresException error && error.IsUniqueViolation(constraint);

    public static bool IsUniqueViolation(this PostgresException error, string constraint) =>
        error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName == constraint;

    /// <summary>
    /// SQLSTATE class 22 ("data exception"): PostgreSQL refused the values themselves (a NUL in text,
    /// a string too long). Sending the same input again fails the same way, so it is the client's error, not an outage.
    /// </summary>
    public static bool IsDataException(this PostgresException error) =>
        error.SqlState.StartsWith("22", StringComparison.Ordinal);

    /// <summary>The database could not be reached or failed the statement: answer 503, nothing was stored.</summary>
    public static bool IsDatabaseFailure(Exception exception) => exception is DbException or DbUpdateException;
}
