using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PointsDemo.TestSupport.Services;

/// <summary>
/// A service's Development-only routes (the dashboard's commands) exist in Development only, listed in
/// Swagger under their own tag; in any other environment they are 404 and the crash seams do nothing.
/// A service's test class says which routes and seams are its own (<typeparamref name="TMarker"/> names the service).
/// </summary>
public abstract class DevelopmentRoutesTests<TMarker>(PostgresFixture postgres)
    where TMarker : class
{
    public const string FaultsTag = "Faults (Development)";

    /// <summary>The service's Development-only POST routes, each with the status it answers when it works.</summary>
    private protected abstract IReadOnlyDictionary<string, HttpStatusCode> Routes { get; }

    /// <summary>The crash seams' interface, what Development registers for it, and what every other environment does.</summary>
    private protected abstract (Type Seam, Type Armed, Type Inert) Seams { get; }

    [Fact]
    public async Task In_Development_Swagger_lists_each_command_under_the_faults_tag_and_the_seams_can_be_armed()
    {
        await using var host = Start(await postgres.CreateDatabaseAsync("dev_routes", TestContext.Current.CancellationToken), environment: null);
        using var client = host.CreateClient();

        var posts = await SwaggerPostsAsync(client);

        Assert.All(Routes, route =>
        {
            var post = posts[route.Key];
            Assert.Equal([FaultsTag], post.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
            Assert.False(string.IsNullOrWhiteSpace(post.GetProperty("summary").GetString()), $"{route.Key} has a summary");
            Assert.True(post.GetProperty("responses").TryGetProperty(((int)route.Value).ToString(CultureInfo.InvariantCulture), out _), $"{route.Key} documents its {route.Value}");
        });
        Assert.DoesNotContain("/dev/faults/{name}", posts.Keys);
        Assert.IsType(Seams.Armed, host.Services.GetRequiredService(Seams.Seam));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_the_commands_are_404_absent_from_Swagger_and_nothing_can_arm_the_seams(string environment)
    {
        // Not migrated outside Development, and not needed: nothing here reaches the database.
        await using var host = Start(await postgres.CreateDatabaseAsync("dev_routes_off", TestContext.Current.CancellationToken), environment);
        using var client = host.CreateClient();

        foreach (var route in Routes.Keys.Append("/dev/faults/unknown"))
        {
            using var response = await client.PostAsync(new Uri(route, UriKind.Relative), content: null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.DoesNotContain((await SwaggerPostsAsync(client)).Keys, path => path.StartsWith("/dev/", StringComparison.Ordinal));
        Assert.IsType(Seams.Inert, host.Services.GetRequiredService(Seams.Seam));
        Assert.Null(host.Services.GetService(Seams.Armed));
    }

    /// <summary>The service on <paramref name="database"/> in <paramref name="environment"/> (Development when null), with a broker that is down.</summary>
    private protected abstract WebApplicationFactory<TMarker> Start(string database, string? environment);

    /// <summary>The Swagger document's POST operations by path.</summary>
    private static async Task<Dictionary<string, JsonElement>> SwaggerPostsAsync(HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);
        return document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Value.TryGetProperty("post", out _))
            .ToDictionary(path => path.Name, path => path.Value.GetProperty("post"), StringComparer.Ordinal);
    }
}
