using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PointsDemo.Data;

/// <summary>
/// What PostgreSQL said when a write failed. A raw SQL statement throws the server's
/// <see cref="PostgresException"/> as it is; <c>SaveChanges</c> wraps it in a
/// <see cref="DbUpdateException"/>. Linked into each service as source.
/// </summary>
internal static class PostgresErrors
{
    /// <summary>SaveChanges was refused by <paramref name="constraint"/>, a unique index or primary key that already holds the value.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string constraint) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } error && error.ConstraintName == constraint;

    /// <summary>
    /// SQLSTATE class 22 ("data exception"): PostgreSQL refused the values themselves (a NUL in text,
    /// a string too long). The same values fail the same way on every attempt, so it is bad input, not
    /// an outage, and retrying it is pointless.
    /// </summary>
    public static bool IsDataException(this PostgresException error) =>
        error.SqlState.StartsWith("22", StringComparison.Ordinal);

    /// <summary>SaveChanges was refused with a class-22 data exception (see the other overload); <paramref name="sqlState"/> is its code.</summary>
    public static bool IsDataException(this DbUpdateException exception, [NotNullWhen(true)] out string? sqlState)
    {
        sqlState = exception.InnerException is PostgresException error && error.IsDataException() ? error.SqlState : null;
        return sqlState is not null;
    }

    /// <summary>
    /// The database could not be reached or failed the work: nothing was stored. The provider's
    /// <see cref="DbException"/> comes as it is from a connection, a transaction or raw SQL, and
    /// wrapped in a <see cref="DbUpdateException"/> from SaveChanges.
    /// </summary>
    public static bool IsDatabaseFailure(Exception exception) => exception is DbException or DbUpdateException;
}
