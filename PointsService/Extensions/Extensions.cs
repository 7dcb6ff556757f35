using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PointsDemo.PointsService.Data;
using PointsDemo.PointsService.Grants;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Extensions;

/// <summary>PointsService's services and start-up steps, so <c>Program.cs</c> reads as a table of contents.</summary>
internal static class Extensions
{
    /// <summary>The connection string name, as Aspire names a database resource (<c>ConnectionStrings:pointsdb</c>).</summary>
    public const string DatabaseName = "pointsdb";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PointsConsumerOptions>()
            .BindConfiguration(PointsConsumerOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RetryBaseDelay <= o.RetryMaxDelay, "PointsConsumer:RetryBaseDelay must not exceed PointsConsumer:RetryMaxDelay.")
            .ValidateOnStart();

        services.AddOptions<DatabaseConnection>()
            .Configure<IConfiguration>((check, configuration) => check.ConnectionString = configuration.GetConnectionString(DatabaseName))
            .Validate(check => !string.IsNullOrWhiteSpace(check.ConnectionString), $"ConnectionStrings:{DatabaseName} is required (e.g. Host=127.0.0.1;Database=points;Username=postgres;Password=...).")
            .ValidateOnStart();
        services.AddDbContext<PointsDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseName)));

        // Beside the 'rocketmq' check: /health is unhealthy while the database cannot be reached.
        services.AddHealthChecks().AddDbContextCheck<PointsDbContext>(DatabaseName, tags: ["ready"]);

        builder.AddRocketMq();
        services.AddRocketMqSimpleConsumer(consumer =>
        {
            consumer.ConsumerGroup = PointsConsumerOptions.ConsumerGroup;
            consumer.Subscriptions[UserRegisteredMessage.Topic] = UserRegisteredMessage.Tag;
        });
        services.AddOptions<SimpleConsumerOptions>()
            .Configure<IOptions<PointsConsumerOptions>>((consumer, points) => consumer.AwaitDuration = points.Value.AwaitDuration);

        services.AddSingleton<IGrantCrashPoints, NoGrantCrashes>();
        services.AddScoped<PointsGrant>();
        services.AddHostedService<UserRegisteredConsumer>();

        services.AddProblemDetails();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen();
        return builder;
    }

    /// <summary>Brings the schema up to date in Development (and in the tests); production runs migrations as a deployment step.</summary>
    public static async Task MigrateDatabaseInDevelopmentAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PointsDbContext>().Database.MigrateAsync(app.Lifetime.ApplicationStopping);
    }

    private sealed class DatabaseConnection
    {
        public string? ConnectionString { get; set; }
    }
}
