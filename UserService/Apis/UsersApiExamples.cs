using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PointsDemo.UserService.Apis;

/// <summary>Puts an example on the request and response schemas, so Swagger UI starts from a valid registration.</summary>
internal sealed class UsersApiExamples : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema editable)
        {
            return;
        }

        if (context.Type == typeof(RegisterUserRequest))
        {
            editable.Examples = [new JsonObject { ["email"] = "ann@example.com", ["displayName"] = "Ann" }];
        }
        else if (context.Type == typeof(UserResponse))
        {
            editable.Examples =
            [
                new JsonObject
                {
                    ["id"] = "0197a2c4-5b1e-7c3a-9f10-2b6d8e4f1a23",
                    ["email"] = "ann@example.com",
                    ["displayName"] = "Ann",
                    ["registeredAt"] = "2025-06-01T12:00:00+00:00",
                },
            ];
        }
    }
}
