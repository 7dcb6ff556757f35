using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PointsDemo.TestSupport;

namespace PointsDemo.UserService.Tests;

/// <summary>Every bad input gets its documented status and a ProblemDetails body, and nothing is stored (no broker needed: nothing is sent).</summary>
public sealed class RegistrationValidationTests(PostgresFixture postgres) : UserServiceWithoutBroker(postgres, "users_validation")
{
    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "missing email", """{"displayName":"Ann"}""", "email" },
        { "empty email", """{"email":"","displayName":"Ann"}""", "email" },
        { "no at sign", """{"email":"ann.example.com","displayName":"Ann"}""", "email" },
        { "no domain dot", """{"email":"ann@example","displayName":"Ann"}""", "email" },
        { "display-name form", """{"email":"Ann <ann@example.com>","displayName":"Ann"}""", "email" },
        { "space inside", """{"email":"ann smith@example.com","displayName":"Ann"}""", "email" },
        { "dot before the at sign", """{"email":"ann.@example.com","displayName":"Ann"}""", "email" },
        { "email too long", $$"""{"email":"{{new string('a', 250)}}@example.com","displayName":"Ann"}""", "email" },
        { "missing display name", """{"email":"ann@example.com"}""", "displayName" },
        { "blank display name", """{"email":"ann@example.com","displayName":"   "}""", "displayName" },
        { "display name too long", $$"""{"email":"ann@example.com","displayName":"{{new string('x', 101)}}"}""", "displayName" },
        { "NUL in display name", """{"email":"ann@example.com","displayName":"a\u0000b"}""", "displayName" },
        { "TAB and BEL in display name", """{"email":"ann@example.com","displayName":"a\tb\u0007c"}""", "displayName" },
        { "C1 control in display name", """{"email":"ann@example.com","displayName":"a\u0085b"}""", "displayName" },
        { "noncharacter U+FDD0 in display name", """{"email":"ann@example.com","displayName":"a\ufdd0"}""", "displayName" },
        { "noncharacter U+FFFE in display name", """{"email":"ann@example.com","displayName":"a\ufffe"}""", "displayName" },
        { "noncharacter U+1FFFF in display name", """{"email":"ann@example.com","displayName":"a\ud83f\udfff"}""", "displayName" },
        { "NUL in email", """{"email":"ann\u0000@example.com","displayName":"Ann"}""", "email" },
        { "noncharacter in email", """{"email":"ann\uffff@example.com","displayName":"Ann"}""", "email" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_field_is_a_400_validation_problem_naming_it_and_nothing_is_stored(string why, string body, string field)
    {
        using var response = await PostAsync(body, "application/json");

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, why);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: {problem}");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("{\"email\":\"ann@example.com\",", "application/json")]
    [InlineData("not json", "application/json")]
    [InlineData("{\"email\":42,\"displayName\":\"Ann\"}", "application/json")]
    [InlineData("", "application/json")]
    // The JSON reader refuses an escaped unpaired surrogate before validation sees the string.
    [InlineData("{\"email\":\"ann@example.com\",\"displayName\":\"a\\ud800b\"}", "application/json")]
    [InlineData("{\"email\":\"ann@example.com\",\"displayName\":\"a\\udc00\"}", "application/json")]
    public async Task A_malformed_body_is_a_400_problem_and_nothing_is_stored(string body, string contentType)
    {
        using var response = await PostAsync(body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem_and_nothing_is_stored()
    {
        using var response = await PostAsync("email=ann@example.com", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem_and_nothing_is_stored()
    {
        var body = $$"""{"email":"ann@example.com","displayName":"Ann","padding":"{{new string('x', 8 * 1024)}}"}""";

        using var response = await PostAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_answered_without_being_read_closes_the_connection()
    {
        // With no Content-Type the endpoint answers 415 without reading the body; Kestrel then finds it
        // too large to drain and drops the connection, so the client must be told not to reuse it.
        using var client = Host.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"email":"ann@example.com","displayName":"{{new string('x', 8 * 1024)}}"}"""));

        using var response = await client.PostAsync(new Uri("/users", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose, $"Connection: {string.Join(", ", response.Headers.Connection)}");
        await AssertNothingStoredAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string contentType)
    {
        using var client = Host.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        return await client.PostAsync(new Uri("/users", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, await Database.CountAsync(Host.ConnectionString, "users"));
        Assert.Equal(0, await Database.CountAsync(Host.ConnectionString, "registration_barriers"));
    }
}
