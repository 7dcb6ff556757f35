using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.Playwright;
using PointsDemo.AppHost.Tests.Support;
using PointsDemo.Processes;
using PointsDemo.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PointsDemo.AppHost.Tests;

/// <summary>
/// The newcomer's path, in a real browser: `dotnet run --project AppHost`, register a user from
/// Swagger UI, log in to the Aspire dashboard with the printed token, and find that registration's
/// trace across both services. The screenshots (under TestResults/artifacts) are the README's.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class BrowserTests
{
    private const string UserService = "http://localhost:5101";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    // The README's addresses, which `dotnet run` gives the dashboard and the services.
    private static readonly int[] Ports = [18888, 5101, 5102];

    [Fact]
    public async Task A_registration_made_in_Swagger_shows_as_one_trace_across_both_services_in_the_dashboard()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.All(Ports, port => Assert.False(Listening(port), $"Port {port} is in use: stop whatever runs there (another AppHost?) before this test."));
        await using var apphost = AppHostProcess.Start();
        var login = await apphost.LoginUrlAsync(StartTimeout, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.MeetsAsync(() => HealthyAsync(http, ct), healthy => healthy, "user-service and points-service answer /health with Healthy", StartTimeout);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 820 } });
        page.SetDefaultTimeout(60_000);
        // The dashboard renders over a WebSocket, on two busy cores: give what it shows time to arrive.
        SetDefaultExpectTimeout(30_000);

        var userId = await RegisterInSwaggerAsync(page, $"newcomer-{Guid.NewGuid():N}@example.com");

        await page.GotoAsync(login.AbsoluteUri);
        var resources = page.Locator("tr.fluent-data-grid-row");
        foreach (var resource in (string[])["postgres", "usersdb", "pointsdb", "rocketmq", "rocketmq-broker", "points-service", "user-service"])
        {
            await Expect(resources.Filter(new() { HasText = resource }).First).ToContainTextAsync("Running");
        }

        await page.GetByText("Graph", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("svg").Filter(new() { HasText = "user-service" }).First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "dashboard-resource-graph.png");

        await OpenRegistrationTraceAsync(page);
        await Browser.ScreenshotAsync(page, "dashboard-registration-trace.png");
        await page.Locator("td[title^='points-service: MSG']").First.ClickAsync();
        await Expect(page.Locator("body")).ToContainTextAsync(userId);

        await LoseACommitAndWatchTheCheckBackRepairItAsync(page, login);

        var processes = apphost.Processes();
        var stoppedIn = await apphost.StopAsync(StopTimeout, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"SIGTERM to nothing left of the AppHost: {stoppedIn.TotalSeconds:0.0} s");
        await Eventually.MeetsAsync(() => processes.Where(p => ProcessTree.IsAlive(p.Pid)).Select(p => p.CommandLine).ToList(), alive => alive.Count == 0, "every process of the AppHost has exited", StopTimeout);
        Assert.All(Ports, port => Assert.False(Listening(port), $"Port {port} is still served after the stop."));
    }

    /// <summary>POST /users through Swagger UI's "Try it out"; returns the new user's id from the 201 response.</summary>
    private static async Task<string> RegisterInSwaggerAsync(IPage page, string email)
    {
        await page.GotoAsync($"{UserService}/swagger");
        var operation = page.Locator("#operations-Users-RegisterUser");
        await operation.Locator(".opblock-summary").ClickAsync();
        await operation.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
        await operation.Locator("textarea.body-param__text").FillAsync(JsonSerializer.Serialize(new { email, displayName = "A newcomer" }));
        await operation.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

        var response = operation.Locator(".live-responses-table .response").First;
        await Expect(response.Locator(".response-col_status")).ToHaveTextAsync("201");
        await Browser.ScreenshotAsync(page, "swagger-register-201.png");
        using var body = JsonDocument.Parse(await response.Locator(".response-col_description pre").First.InnerTextAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Opens the trace of the registration: user-service's POST /users with points-service's spans in it.
    /// The consumer's spans are exported a moment after the request's, so the list is read again until they are there.
    /// </summary>
    private static async Task OpenRegistrationTraceAsync(IPage page)
    {
        var registration = page.Locator("tr.fluent-data-grid-row")
            .Filter(new() { HasText = "user-service: POST /users" })
            .Filter(new() { HasText = "points-service" });
        await OpenTraceAsync(page, registration, "the registration's trace lists spans of points-service");
        await Expect(page.Locator("td[title^='user-service: POST /users']")).ToBeVisibleAsync();
        await Expect(page.Locator("td[title^='points-service: MSG']").First).ToBeVisibleAsync();
    }

    /// <summary>
    /// The README's "break it" tour: arm "Lose the next commit" and register a sample user, both from
    /// user-service's commands; the COMMIT never reaches the broker, and its check-back, a trace of its
    /// own, commits the message.
    /// </summary>
    private static async Task LoseACommitAndWatchTheCheckBackRepairItAsync(IPage page, Uri login)
    {
        // Without ?view the page opens on the view last shown (the graph); the commands are in the table.
        await page.GotoAsync(new Uri(login, "/?view=Table").AbsoluteUri);
        var userService = page.Locator("tr.fluent-data-grid-row").Filter(new() { HasText = "user-service" }).First;
        await Expect(userService).ToBeVisibleAsync();
        await userService.GetByTitle("Actions").ClickAsync();
        // The dashboard groups a resource's own commands in a "Commands" submenu.
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Commands" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Lose the next commit", Exact = true }).ClickAsync();
        await Expect(page.GetByText("\"Lose the next commit\" succeeded").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "dashboard-fault-armed.png");

        await userService.GetByRole(AriaRole.Button, new() { Name = "POST /users with a made-up address" }).ClickAsync();
        await Expect(page.GetByText("\"Register a sample user\" succeeded").First).ToBeVisibleAsync();

        // The broker asks every 5 s (the AppHost's setting) about half messages older than its
        // transaction timeout: the check-back trace shows once that has passed.
        var checkBack = page.Locator("tr.fluent-data-grid-row").Filter(new() { HasText = "user-service: check user-registered" });
        await OpenTraceAsync(page, checkBack, "the dashboard lists the check-back's trace");
        // The dashboard names a messaging span by its system and destination; the check is the root.
        await page.Locator("td[title^='user-service: MSG rocketmq']").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "messaging.rocketmq.transaction.resolution" }).First)
            .ToContainTextAsync("commit");
        await Browser.ScreenshotAsync(page, "dashboard-check-back-trace.png");
    }

    /// <summary>Reloads the trace list until <paramref name="row"/> is in it, then opens that trace.</summary>
    private static async Task OpenTraceAsync(IPage page, ILocator row, string what)
    {
        await Eventually.MeetsAsync(
            async () =>
            {
                await page.GotoAsync(new Uri(new Uri(page.Url), "/traces").AbsoluteUri);
                await Expect(page.Locator("tr.fluent-data-grid-row").First).ToBeVisibleAsync();
                return await row.CountAsync();
            },
            count => count == 1,
            what,
            TimeSpan.FromSeconds(60));
        await row.Locator("td").Nth(1).ClickAsync();
    }

    private static async Task<bool> HealthyAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            return await http.GetStringAsync(new Uri($"{UserService}/health"), ct) == "Healthy"
                && await http.GetStringAsync(new Uri("http://localhost:5102/health"), ct) == "Healthy";
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
