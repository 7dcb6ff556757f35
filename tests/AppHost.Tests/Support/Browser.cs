using Microsoft.Playwright;
using PointsDemo.TestSupport;

namespace PointsDemo.AppHost.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright: the browser is the machine's (`apt-get install chromium`),
/// so nothing is downloaded. Root needs --no-sandbox; the background-networking switches keep
/// Chromium from dialling out of a machine that has no network.
/// </summary>
internal static class Browser
{
    public const string Missing =
        "Chromium is missing: the browser tests need it. Install it with `apt-get install -y --no-install-recommends chromium` " +
        "(Debian), or set POINTSDEMO_CHROMIUM to its path.";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var configured = Environment.GetEnvironmentVariable("POINTSDEMO_CHROMIUM");
        var executable = new[] { configured, "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(Missing);
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>Saves a screenshot under TestResults/artifacts, next to the test binaries, and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var file = Artifacts.PathOf(name);
        await page.ScreenshotAsync(new() { Path = file });
        return file;
    }
}
