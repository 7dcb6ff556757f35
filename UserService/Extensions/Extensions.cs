using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
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

        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // Malformed JSON, a wrong content type, an oversized body: say what was wrong with the request.
            if (context.Exception is BadHttpRequestException badRequest)
            {
                context.ProblemDetails.Detail = badRequest.Message;
            }
        });
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger => swagger.SchemaFilter<UsersApiExamples>());
        return builder;
    }

    /// <summary>Every error answers with ProblemDetails: unhandled exceptions, bad requests, empty error responses.</summary>
    public static WebApplication UseProblemDetailsForErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException badRequest ? badRequest.StatusCode : StatusCodes.Status500InternalServerError,
            // A client's malformed request is its problem, not an error of the service worth an error log.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// Answers a request whose declared body is over the endpoint's limit with <c>Connection: close</c>,
    /// whatever the status. Kestrel says so itself only when it refuses the body (413); when the
    /// endpoint answers without reading it (415 for a body sent with no Content-Type), Kestrel keeps
    /// the connection open, then finds the body too large to drain and drops the connection, and a
    /// client that reuses it fails its next request with no answer.
    /// </summary>
    public static WebApplication UseConnectionCloseForOversizedBodies(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (context.Request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
                {
                    context.Response.Headers.Connection = "close";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    public static WebApplication UseSwaggerDocs(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI();
        return app;
    }
}
