using System.ComponentModel;
using System.Text.RegularExpressions;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>docker-compose (v1, which needs no Docker engine to read a file) run on docker-compose.yml.</summary>
internal static partial class DockerCompose
{
    /// <summary>Runs <c>docker-compose --env-file &lt;envFile&gt; -f docker-compose.yml &lt;arguments&gt;</c> from the repository root.</summary>
    public static async Task<ProgramRun> RunAsync(string envFile, params string[] arguments)
    {
        // A variable of the file in this process's environment would hide one missing from the env file.
        var environment = FileVariables().ToDictionary(name => name, _ => (string?)null);
        try
        {
            return await ProgramRun.RunAsync("docker-compose", ["--env-file", envFile, "-f", "docker-compose.yml", .. arguments], Repository.Root, environment);
        }
        catch (Win32Exception)
        {
            Assert.Fail("docker-compose is not installed: `apt-get install docker-compose` (Debian's package checks the file without a Docker engine).");
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> with a throw-away env file holding <paramref name="lines"/>.</summary>
    public static async Task<T> WithEnvFileAsync<T>(IEnumerable<string> lines, Func<string, Task<T>> body)
    {
        var envFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(envFile, lines, TestContext.Current.CancellationToken);
            return await body(envFile);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private static IEnumerable<string> FileVariables() =>
        Variable().Matches(File.ReadAllText(Repository.PathOf("docker-compose.yml"))).Select(m => m.Groups["name"].Value).Distinct();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9_]+)")]
    private static partial Regex Variable();
}
