using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PointsDemo.TestSupport.Services;

/// <summary>What the dashboard's commands do, done the same way: a bodiless POST to a service's <c>/dev/...</c> route.</summary>
internal static class FaultCommands
{
    /// <summary>Arms <paramref name="fault"/> on the service <paramref name="service"/> talks to; the answer, asserted to be a 202.</summary>
    public static async Task<JsonElement> ArmAsync(HttpClient service, string fault)
    {
        using var response = await PostAsync(service, $"/dev/faults/{fault}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var armed = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(fault, armed.GetProperty("fault").GetString());
        return armed;
    }

    /// <summary>Registers a sample user through <c>POST /dev/sample-user</c>; the response.</summary>
    public static Task<HttpResponseMessage> RegisterSampleUserAsync(HttpClient users) => PostAsync(users, "/dev/sample-user");

    /// <summary>Registers a sample user, asserted to be a 201; its id.</summary>
    public static async Task<Guid> RegisterSampleUserCreatedAsync(HttpClient users)
    {
        using var response = await RegisterSampleUserAsync(users);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return user.GetProperty("id").GetGuid();
    }

    /// <summary>A POST without a body, as Aspire's HTTP commands send.</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient service, string path) =>
        service.PostAsync(new Uri(path, UriKind.Relative), content: null, TestContext.Current.CancellationToken);
}
