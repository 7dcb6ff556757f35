using System.Text.RegularExpressions;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>deploy/service.Dockerfile read as instructions (continuation lines joined).</summary>
internal sealed partial class ServiceDockerfile
{
    public const string RelativePath = "deploy/service.Dockerfile";

    private ServiceDockerfile(IReadOnlyList<string> instructions) => Instructions = instructions;

    public IReadOnlyList<string> Instructions { get; }

    /// <summary>The sources of every COPY from the build context (not from another stage).</summary>
    public IEnumerable<string> CopiedSources =>
        Instructions
            .Where(line => line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]);

    /// <summary>The instructions of the last stage, the image that runs.</summary>
    public IEnumerable<string> RuntimeStage =>
        Instructions.Skip(Instructions.Select((line, index) => (line, index)).Last(item => item.line.StartsWith("FROM ", StringComparison.Ordinal)).index);

    public static ServiceDockerfile Load()
    {
        var text = File.ReadAllText(Repository.PathOf(RelativePath));
        var joined = Continuation().Replace(text, " ");
        return new ServiceDockerfile(
            joined.Split('\n')
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .ToList());
    }

    [GeneratedRegex(@"\\\r?\n\s*")]
    private static partial Regex Continuation();
}
