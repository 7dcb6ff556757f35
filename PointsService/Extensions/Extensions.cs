using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PointsDemo.Faults;
using PointsDemo.PointsService.Data;
using PointsDemo.PointsService.Faults;
using PointsDemo.PointsService.Grants;
using PointsDemo.RocketMq;

namespace PointsDemo.PointsService.Extensions;

/// <summary>PointsService's services and start-up steps, so <c>Program.cs</c> reads as a table of contents.</summary>
internal static class Extensions
{
    /// <summary>The connection string name, as Aspire names a database resource (<c>ConnectionStrings:pointsdb</c>).</summary>
    public const string DatabaseName = "pointsdb";

    /// <summary>The broker's connection string name, as the AppHost names the resource (<c>ConnectionStrings:rocketmq</c>).</summary>
    public const string BrokerName = "rocketmq";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PointsConsumerOptions>()
            .BindConfiguration(PointsConsumerOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RetryBaseDelay <= o.RetryMaxDelay, "PointsConsumer:RetryBaseDelay must not exceed PointsConsumer:RetryMaxDelay.")
            .ValidateOnStart();

        builder.AddServiceDbContext<PointsDbContext>(DatabaseName);

        builder.AddRocketMqSimpleConsumer(BrokerName, configureConsumer: consumer =>
        {
            consumer.ConsumerGroup = PointsConsumerOptions.ConsumerGroup;
            consumer.Subscriptions[UserRegisteredMessage.Topic] = UserRegisteredMessage.Tag;
        });
        services.AddOptions<SimpleConsumerOptions>()
            .Configure<IOptions<PointsConsumerOptions>>((consumer, points) => consumer.AwaitDuration = points.Value.AwaitDuration);

        services.AddSingleton<IGrantCrashPoints, NoGrantCrashes>();
        if (builder.Environment.IsDevelopment())
        {
            // The dashboard's fault commands (Apis/FaultsApi.cs) arm the seams; nowhere else can anything arm them.
            services.AddArmedFaults<GrantFaults, IGrantCrashPoints>();
        }

        services.AddScoped<PointsGrant>();
        services.AddHostedService<UserRegisteredConsumer>();

        services.AddServiceApis();
        return builder;
    }
}
