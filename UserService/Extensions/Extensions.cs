using Microsoft.EntityFrameworkCore;
using PointsDemo.Faults;
using PointsDemo.RocketMq;
using PointsDemo.UserService.Apis;
using PointsDemo.UserService.Data;
using PointsDemo.UserService.Faults;
using PointsDemo.UserService.Registration;

namespace PointsDemo.UserService.Extensions;

/// <summary>UserService's services and start-up steps, so <c>Program.cs</c> reads as a table of contents.</summary>
internal static class Extensions
{
    /// <summary>The connection string name, as Aspire names a database resource (<c>ConnectionStrings:usersdb</c>).</summary>
    public const string DatabaseName = "usersdb";

    /// <summary>The broker's connection string name, as the AppHost names the resource (<c>ConnectionStrings:rocketmq</c>).</summary>
    public const string BrokerName = "rocketmq";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RegistrationOptions>()
            .BindConfiguration(RegistrationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.AddServiceDbContext<UsersDbContext>(DatabaseName);

        builder.AddRocketMqProducer(BrokerName, configureProducer: producer => producer.Topics.Add(UserRegisteredMessage.Topic))
            .AddTransactionChecker<RegistrationTransactionChecker>();

        services.AddSingleton<IRegistrationCrashPoints, NoRegistrationCrashes>();
        if (builder.Environment.IsDevelopment())
        {
            // The dashboard's fault commands (Apis/FaultsApi.cs) arm the seams; nowhere else can anything arm them.
            services.AddArmedFaults<RegistrationFaults, IRegistrationCrashPoints>();
            services.AddSingleton<IProcessExit, CrashingProcessExit>();
        }

        services.AddScoped<UserRegistration>();

        services.AddServiceApis(swagger => swagger.SchemaFilter<UsersApiExamples>());
        return builder;
    }
}
