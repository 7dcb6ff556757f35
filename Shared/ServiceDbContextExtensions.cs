using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A service's own PostgreSQL database through Aspire's EF Core integration
/// (<c>AddNpgsqlDbContext</c>), with the choices both services of the demo make. Linked into each
/// service as source, as eShop shares its small cross-service helpers.
/// </summary>
internal static class ServiceDbContextExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> as Aspire does: pooled, over
    /// <c>ConnectionStrings:&lt;connectionName&gt;</c>, with a health check named after the context
    /// type and Npgsql's tracing and metrics (each can be turned off under
    /// <c>Aspire:Npgsql:EntityFrameworkCore:PostgreSQL</c>); without a retrying execution strategy;
    /// with the statements it repeats prepared; and with the connection string required when the host starts.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDbContext<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        string? connectionString = null;
        builder.AddNpgsqlDbContext<TContext>(
            connectionName,
            settings =>
            {
                // No retrying execution strategy, whatever the configuration says. The registration's
                // and the grant's writes must run once and report their failure: a retried local
                // commit whose acknowledgement was lost would meet its own barrier row and read as
                // "the check-back won", though the user is stored. A retrying strategy also refuses
                // EF queries inside the registration's explicit transaction, and a read against a
                // database that is down would back off for half a minute before the service could
                // answer 503. The flows have their own recovery: the check-back, redelivery.
                settings.DisableRetry = true;
                settings.ConnectionString = WithAutoPrepare(settings.ConnectionString);
                connectionString = settings.ConnectionString;
            },
            options => options.ConfigureWarnings(warnings => warnings.Log(
                // The services log every database failure they meet themselves, with the registration or
                // message it belongs to, and answer it (409, 503, a retry): EF's own error lines for the
                // same failure would only repeat them, with a stack trace, for expected cases like a duplicate.
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug))));

        // Aspire checks the connection string only when a context is first built, which may be the
        // first request: check it when the host starts instead, and name the key to set.
        builder.Services.AddOptions<RequiredConnectionString>(connectionName)
            .Configure(check => check.Value = connectionString)
            .Validate(
                check => !string.IsNullOrWhiteSpace(check.Value),
                $"ConnectionStrings:{connectionName} is required (e.g. Host=127.0.0.1;Database={connectionName};Username=postgres;Password=...).")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a service repeats (the registration's inserts, the grant,
    /// the check-back's insert), unless the connection string chooses otherwise: PostgreSQL then
    /// parses and plans each of them once per connection instead of on every execution. A connection
    /// string that sets <c>Max Auto Prepare</c> keeps its own value.
    /// </summary>
    internal static string? WithAutoPrepare(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
        }

        return builder.ConnectionString;
    }

    private sealed class RequiredConnectionString
    {
        public string? Value { get; set; }
    }
}
