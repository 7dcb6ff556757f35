using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's own PostgreSQL database through EF Core, the way Aspire's <c>AddNpgsqlDbContext</c>
/// wires one: the connection string <c>ConnectionStrings:&lt;name&gt;</c> (required, checked at
/// start), a health check of that name, and migrations applied at start-up in Development.
/// Linked into each service as source, as eShop shares its small cross-service helpers.
/// </summary>
internal static class NpgsqlDbContextExtensions
{
    public static IHostApplicationBuilder AddNpgsqlDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var services = builder.Services;
        services.AddOptions<RequiredConnectionString>(connectionName)
            .Configure<IConfiguration>((check, configuration) => check.Value = configuration.GetConnectionString(connectionName))
            .Validate(
                check => !string.IsNullOrWhiteSpace(check.Value),
                $"ConnectionStrings:{connectionName} is required (e.g. Host=127.0.0.1;Database={connectionName};Username=postgres;Password=...).")
            .ValidateOnStart();

        // Pooled, as Aspire's AddNpgsqlDbContext pools them: every registration and every grant takes
        // a context, and building one from the container was a tenth of UserService's CPU in the bench.
        services.AddDbContextPool<TContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<IConfiguration>().GetConnectionString(connectionName))
            // The services log every database failure they meet themselves, with the registration or
            // message it belongs to, and answer it (409, 503, a retry): EF's own error lines for the
            // same failure would only repeat them, with a stack trace, for expected cases like a duplicate.
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug))));

        // Beside the 'rocketmq' check: /health is unhealthy while the database cannot be reached.
        services.AddHealthChecks().AddDbContextCheck<TContext>(connectionName, tags: ["ready"]);
        return builder;
    }

    /// <summary>Brings the schema up to date in Development (and in the tests); production runs migrations as a deployment step.</summary>
    public static async Task MigrateDbContextInDevelopmentAsync<TContext>(this WebApplication app)
        where TContext : DbContext
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        // The host validates options only when it starts, after this: validate them now, so a missing
        // connection string stops the start with its name rather than with a failed connection.
        app.Services.GetService<IStartupValidator>()?.Validate();

        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        var stopping = app.Lifetime.ApplicationStopping;

        // On a new database, migrating first reads a history table that is not there yet, which the
        // server logs as an error; creating the (empty) table first keeps a first start clean.
        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync(stopping);
        await database.MigrateAsync(stopping);
    }

    private sealed class RequiredConnectionString
    {
        public string? Value { get; set; }
    }
}
