using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PointsDemo.TestSupport;
using PointsDemo.UserService.Data;

namespace PointsDemo.UserService.Tests;

/// <summary>Reading users back, the Swagger document, and a broker that is down.</summary>
public sealed class UsersApiTests(PostgresFixture postgres) : UserServiceWithoutBroker(postgres, "users_api")
{
    [Fact]
    public async Task Get_returns_a_stored_user()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = new User
        {
            Id = Guid.NewGuid(),
            Email = "Ann@Example.com",
            NormalizedEmail = User.Normalize("Ann@Example.com"),
            DisplayName = "Ann",
            RegisteredAt = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
            RegistrationId = Guid.NewGuid(),
        };
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
        }

        using var client = Host.CreateClient();
        var found = await client.GetFromJsonAsync<JsonElement>($"/users/{user.Id}", ct);

        Assert.Equal(user.Id, found.GetProperty("id").GetGuid());
        Assert.Equal("Ann@Example.com", found.GetProperty("email").GetString());
        Assert.Equal("Ann", found.GetProperty("displayName").GetString());
        Assert.Equal(user.RegisteredAt, found.GetProperty("registeredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Get_of_an_unknown_user_is_a_404_problem()
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync(new Uri($"/users/{Guid.NewGuid()}", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_broker_that_is_down_is_a_503_problem_and_nothing_is_stored()
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsJsonAsync("/users", new { email = "ann@example.com", displayName = "Ann" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("The message broker is unavailable.", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await Database.CountAsync(Host.ConnectionString, "users"));
        Assert.Equal(0, await Database.CountAsync(Host.ConnectionString, "registration_barriers"));
    }

    [Fact]
    public async Task Swagger_documents_both_endpoints_their_responses_and_examples()
    {
        using var client = Host.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);

        var post = document.GetProperty("paths").GetProperty("/users").GetProperty("post");
        foreach (var status in new[] { "201", "400", "409", "413", "503" })
        {
            Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), $"POST /users documents {status}");
        }

        Assert.True(document.GetProperty("paths").TryGetProperty("/users/{id}", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Contains("ann@example.com", schemas.GetProperty("RegisterUserRequest").ToString(), StringComparison.Ordinal);
        Assert.Contains("ann@example.com", schemas.GetProperty("UserResponse").ToString(), StringComparison.Ordinal);
    }
}
