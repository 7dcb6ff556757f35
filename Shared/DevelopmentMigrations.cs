using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>A service's schema brought up to date at start-up in Development. Linked into each service as source.</summary>
internal static class DevelopmentMigrations
{
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

        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        var stopping = app.Lifetime.ApplicationStopping;

        // On a new database, migrating first reads a history table that is not there yet, which the
        // server logs as an error; creating the (empty) table first keeps a first start clean.
        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(stopping);
        await database.MigrateAsync(stopping);
    }
}
