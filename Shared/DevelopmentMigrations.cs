using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's schema brought up to date: at start-up in Development, and elsewhere by running the
/// service's own program with <c>migrate</c> as a deployment step before it starts. Linked into each
/// service as source.
/// </summary>
internal static class DevelopmentMigrations
{
    /// <summary>The command-line verb that migrates the database and exits instead of serving.</summary>
    public const string MigrateVerb = "migrate";

    /// <summary>
    /// How long a start waits for a database that does not answer. The AppHost starts a service once
    /// its database is healthy, but a database restarting at that moment (from the dashboard, or after
    /// a crash) would otherwise end the service for good.
    /// </summary>
    private static readonly TimeSpan DatabaseWait = TimeSpan.FromSeconds(30);

    /// <summary>Brings the schema up to date in Development (and in the tests); production runs migrations as a deployment step.</summary>
    public static async Task MigrateDbContextInDevelopmentAsync<TContext>(this WebApplication app)
        where TContext : DbContext
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        // The host validates options only when it starts, after this: validate them now, so a missing
        // connection string stops the start with its key rather than with a failed connection.
        app.Services.GetService<IStartupValidator>()?.Validate();
        await app.MigrateDbContextAsync<TContext>();
    }

    /// <summary>
    /// With <c>migrate</c> on the command line (<c>dotnet UserService.dll migrate</c>), brings the
    /// schema up to date and returns true: the program then exits instead of serving. A deployment
    /// runs it once, with the same configuration as the service, before it starts the new version:
    /// the services never change a production schema as they start, where several instances would
    /// race and a failed migration would take every instance down with it.
    /// </summary>
    public static async Task<bool> MigrateIfAskedAsync<TContext>(this WebApplication app, IReadOnlyList<string> args)
        where TContext : DbContext
    {
        if (!args.Contains(MigrateVerb, StringComparer.Ordinal))
        {
            return false;
        }

        await app.MigrateDbContextAsync<TContext>();
        app.Logger.LogInformation("The database schema is up to date");
        return true;
    }

    private static async Task MigrateDbContextAsync<TContext>(this WebApplication app)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        var stopping = app.Lifetime.ApplicationStopping;

        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // On a new database, migrating first reads a history table that is not there yet, which the
                // server logs as an error; creating the (empty) table first keeps a first start clean.
                await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(stopping);
                await database.MigrateAsync(stopping);
                return;
            }
            catch (Exception error) when (Unreachable(error) && waited.Elapsed < DatabaseWait)
            {
                app.Logger.LogWarning("The database does not answer yet ({Reason}); migrating again in a second", error.GetBaseException().Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    // EF Core wraps the connection failure; Npgsql says whether it is worth trying again.
    private static bool Unreachable(Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
