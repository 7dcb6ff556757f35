using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// Puts a NUL into the string values (alone or in arrays) of the writes it is armed for, past any validation of the
/// service's own, so that real PostgreSQL refuses them with SQLSTATE 22021 (a class-22 data
/// exception); records the SQLSTATE it answered.
/// </summary>
internal sealed class SmuggleNul : DbCommandInterceptor
{
    private Func<DbCommand, bool>? _target;

    /// <summary>The SQLSTATE of the last refused command; null while none was.</summary>
    public string? RefusedWith { get; private set; }

    /// <summary>Arms it for the next write only.</summary>
    public void Arm()
    {
        var fired = 0;
        ArmFor(_ => Interlocked.Exchange(ref fired, 1) == 0);
    }

    /// <summary>Arms it for every write <paramref name="target"/> picks, as data that is refused on each attempt.</summary>
    public void ArmFor(Func<DbCommand, bool> target) => Volatile.Write(ref _target, target);

    /// <summary>Arms it for every write that carries <paramref name="id"/>, as a value of its own or in an array of a batch's values.</summary>
    public void ArmFor(Guid id) =>
        ArmFor(command => command.Parameters.Cast<DbParameter>().Any(p => p.Value is Guid value ? value == id : p.Value is Guid[] values && values.Contains(id)));

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Smuggle(command);
        return ValueTask.FromResult(result);
    }

    // SaveChanges sends its INSERT batch as a reader: it reads back generated values and row counts.
    // The points grant's statement is a reader too (WITH ... INSERT ...), that reads back what it granted.
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.StartsWith("INSERT", StringComparison.Ordinal) || command.CommandText.StartsWith("WITH", StringComparison.Ordinal))
        {
            Smuggle(command);
        }

        return ValueTask.FromResult(result);
    }

    private void Smuggle(DbCommand command)
    {
        if (Volatile.Read(ref _target) is { } target && target(command))
        {
            foreach (DbParameter parameter in command.Parameters)
            {
                if (parameter.Value is string text)
                {
                    parameter.Value = text + "\0";
                }
                else if (parameter.Value is string[] texts)
                {
                    parameter.Value = texts.Select(t => t + "\0").ToArray();
                }
            }
        }
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        RefusedWith = (eventData.Exception as PostgresException)?.SqlState;
        return Task.CompletedTask;
    }
}
