using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The HTTP choices both services make, so that their <c>Program.cs</c> read alike: errors as
/// ProblemDetails, the Swagger document, and an honest <c>Connection: close</c>. Linked into each
/// service as source.
/// </summary>
internal static class ServicePipeline
{
    /// <summary>The services behind <see cref="UseProblemDetailsForErrors"/> and <see cref="UseSwaggerDocs"/>; <paramref name="swagger"/> adds a service's own document filters.</summary>
    public static IServiceCollection AddServiceApis(this IServiceCollection services, Action<SwaggerGenOptions>? swagger = null)
    {
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // Malformed JSON, a wrong content type, an oversized body: say what was wrong with the request.
            if (context.Exception is BadHttpRequestException badRequest)
            {
                context.ProblemDetails.Detail = badRequest.Message;
            }
        });
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger);
        return services;
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
    /// endpoint answers without reading it (415 for a body sent with no Content-Type, 202 from a
    /// fault command that takes no body), Kestrel keeps the connection open, then finds the body too
    /// large to drain and drops the connection, and a client that reuses it fails its next request
    /// with no answer.
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

    /// <summary>The OpenAPI document at <c>/swagger/v1/swagger.json</c> and its UI at <c>/swagger</c>.</summary>
    public static WebApplication UseSwaggerDocs(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI();
        return app;
    }
}
