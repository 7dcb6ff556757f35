using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// deploy/rocketmq/with-settings.sh in a folder of its own, beside copies of the configuration
/// files a container mounts with it, as the broker's and the proxy's containers mount them.
/// </summary>
internal sealed class SettingsScript : IDisposable
{
    public const string AccessKey = "pointsdemo";
    public const string SecretKey = "Kq3-secret_key.v1";

    /// <summary>The variables the script reads; a test gives each of them explicitly, or removes it.</summary>
    public static readonly string[] Variables =
        ["ROCKETMQ_ACCESS_KEY", "ROCKETMQ_SECRET_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS"];

    public SettingsScript(params string[] configurationFiles)
    {
        foreach (var file in (string[])["with-settings.sh", .. configurationFiles])
        {
            File.Copy(Repository.PathOf($"deploy/rocketmq/{file}"), Path.Combine(Folder, file));
        }
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("pointsdemo-rmqsettings-").FullName;

    public string RenderedFolder => Path.Combine(Folder, "rendered");

    public string Rendered(string file) => Path.Combine(RenderedFolder, file);

    /// <summary>Runs the script with the key pair only, or with <paramref name="environment"/> only, and <paramref name="command"/>.</summary>
    public Task<ProgramRun> RunAsync(IReadOnlyDictionary<string, string?>? environment = null, string[]? command = null)
    {
        var variables = Variables.ToDictionary(name => name, _ => (string?)null);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?> { ["ROCKETMQ_ACCESS_KEY"] = AccessKey, ["ROCKETMQ_SECRET_KEY"] = SecretKey })
        {
            variables[name] = value;
        }

        return ProgramRun.RunAsync("bash", [Path.Combine(Folder, "with-settings.sh"), .. command ?? ["echo", "started"]], Folder, variables);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
