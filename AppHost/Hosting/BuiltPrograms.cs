using System.Reflection;
using System.Runtime.InteropServices;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// Starts the applications (project resources) from the programs their build made, as
/// <c>dotnet run --no-build</c> would, without <c>dotnet run</c> in between: it evaluates the project
/// with MSBuild before it starts anything, most of a second per process on two cores, on the way of
/// every start and restart. The AppHost's build records where each program lies (AppHost.csproj).
/// </summary>
internal static class BuiltPrograms
{
    /// <summary>The AppHost assembly's metadata key prefix, followed by the project's full path; the value is its built assembly.</summary>
    public const string MetadataKeyPrefix = "PointsDemo.ProjectProgram:";

    /// <summary>
    /// Gives every project resource whose program the AppHost's build recorded that program as its
    /// command. Left to <c>dotnet run</c>: under <c>dotnet watch</c> or an IDE's debugging session,
    /// which launch projects their own way, and a project whose program is not where it was built.
    /// </summary>
    public static void RunBuiltPrograms(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration.GetValue<bool>("DOTNET_WATCH") || !string.IsNullOrEmpty(builder.Configuration["DEBUG_SESSION_PORT"]))
        {
            return;
        }

        var programs = Recorded(builder.AppHostAssembly);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            if (project.TryGetLastAnnotation<IProjectMetadata>(out var metadata)
                && metadata.SuppressBuild
                && !project.HasAnnotationOfType<ExecutableAnnotation>()
                && programs.TryGetValue(Path.GetFullPath(metadata.ProjectPath), out var assembly)
                && Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null) is var program
                && File.Exists(program))
            {
                // The program `dotnet run` runs (its RunCommand), from the project's folder, as DCP runs `dotnet run`.
                project.Annotations.Add(new ExecutableAnnotation { Command = program, WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)! });
                builder.CreateResourceBuilder(project).WithEnvironment(FindsTheRuntime);
            }
        }
    }

    private static Dictionary<string, string> Recorded(Assembly? appHost) =>
        (appHost?.GetCustomAttributes<AssemblyMetadataAttribute>() ?? [])
            .Where(a => a.Key.StartsWith(MetadataKeyPrefix, StringComparison.Ordinal) && !string.IsNullOrEmpty(a.Value))
            .ToDictionary(a => Path.GetFullPath(a.Key[MetadataKeyPrefix.Length..]), a => a.Value!, OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>
    /// The program finds the .NET runtime the AppHost runs on, as <c>dotnet run</c> sees to (it sets
    /// the same variable): a runtime installed elsewhere than the machine-wide place (~/.dotnet) is
    /// found only through DOTNET_ROOT. Set whether or not the AppHost has it, since the program's
    /// environment is the one the AppHost gives it.
    /// </summary>
    private static void FindsTheRuntime(EnvironmentCallbackContext context)
    {
        var architectureVariable = $"DOTNET_ROOT_{RuntimeInformation.ProcessArchitecture.ToString().ToUpperInvariant()}";
        context.EnvironmentVariables[architectureVariable] =
            Environment.GetEnvironmentVariable(architectureVariable)
            ?? Environment.GetEnvironmentVariable("DOTNET_ROOT")
            // <root>/shared/Microsoft.NETCore.App/<version>/
            ?? Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
    }
}
