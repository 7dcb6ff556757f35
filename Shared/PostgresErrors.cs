using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PointsDemo.Data;

/// <summary>What PostgreSQL said when a write failed. Linked into each service as source.</summary>
internal static class PostgresErrors
{
    public static bool IsUniqueViolation(this DbUpdateException exception, string constraint) =>
        exception.InnerException is PostgresException error && error.IsUniqueViolation(constraint);

    public static bool IsUniqueViolation(this PostgresException error, string constraint) =>
        error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName == constraint;

    /// <summary>
    /// SQLSTATE class 22 ("data exception"): PostgreSQL refused the values themselves (a NUL in text,
    /// a string too long). The same values fail the same way on every attempt, so it is bad input, not
    /// an outage, and retrying it is pointless.
    /// </summary>
    public static bool IsDataException(this PostgresException error) =>
        error.SqlState.StartsWith("22", StringComparison.Ordinal);

    /// <summary>The database could not be reached or failed the statement: nothing was stored.</summary>
    public static bool IsDatabaseFailure(Exception exception) => exception is DbException or DbUpdateException;
}
