using System.ComponentModel;
using System.Diagnostics;

namespace PointsDemo.AppHost.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c> package) driven from its command line: the DOM after
/// the page loaded, or a screenshot. Each run gets a fresh profile and is killed if it hangs.
/// </summary>
internal static class Chromium
{
    public const string Missing =
        "Chromium is missing: the dashboard's browser tests need it. Install it with " +
        "`apt-get install -y --no-install-recommends chromium` (Debian), or set POINTSDEMO_CHROMIUM to its path.";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Program
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("POINTSDEMO_CHROMIUM");
            string[] candidates = [.. configured is null ? [] : new[] { configured }, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
            return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(Missing);
        }
    }

    public static async Task<string> DumpDomAsync(Uri url, CancellationToken cancellationToken) =>
        await RunAsync(["--dump-dom", url.AbsoluteUri], cancellationToken);

    public static async Task ScreenshotAsync(Uri url, string file, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Delete(file);
        await RunAsync([$"--screenshot={file}", "--window-size=1400,900", url.AbsoluteUri], cancellationToken);
        Assert.True(File.Exists(file) && new FileInfo(file).Length > 0, $"Chromium wrote no screenshot to {file}.");
    }

    private static async Task<string> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("pointsdemo-chromium-");
        var startInfo = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}", .. arguments,
            ])
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Chromium did not start.");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw;
            }

            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {await errors}");
            return await output;
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException(Missing, error);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
