using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace PointsDemo.AppHost;

/// <summary>Where PostgreSQL and RocketMQ come from; the services run the same way in both.</summary>
internal enum RunMode
{
    /// <summary>PostgreSQL from this machine's binaries, RocketMQ as the dev broker.</summary>
    Local,

    /// <summary>PostgreSQL and the real RocketMQ 5 as containers.</summary>
    Docker,
}

/// <summary>
/// Reads the mode from configuration (<c>--mode local|docker|auto</c> on the command line, or the
/// <c>Mode</c> key anywhere else). <c>auto</c>, the default, picks containers when a container
/// runtime answers, since Aspire does not fall back by itself: without one its containers would
/// only sit in "Runtime unhealthy".
/// </summary>
internal static class RunModes
{
    public const string ConfigurationKey = "Mode";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static RunMode Resolve(IConfiguration configuration)
    {
        var asked = configuration[ConfigurationKey] ?? "auto";
        var mode = asked.ToLowerInvariant() switch
        {
            "local" => RunMode.Local,
            "docker" => RunMode.Docker,
            "auto" => ContainerRuntimeAnswers(configuration) ? RunMode.Docker : RunMode.Local,
            _ => throw new DistributedApplicationException($"--mode must be local, docker or auto, not '{asked}'."),
        };
        Console.WriteLine(mode == RunMode.Docker
            ? "Mode: docker (PostgreSQL and RocketMQ 5 on containers)."
            : "Mode: local (PostgreSQL from this machine's binaries, RocketMQ as the dev broker). --mode docker runs them on containers.");
        return mode;
    }

    /// <summary>Whether <c>&lt;runtime&gt; info</c> succeeds, for the runtime Aspire would use (docker unless configured otherwise).</summary>
    private static bool ContainerRuntimeAnswers(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        try
        {
            using var info = Process.Start(new ProcessStartInfo(runtime, "info") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (info is null)
            {
                return false;
            }

            // Drained so a chatty `info` cannot block on a full pipe; only the exit code matters.
            _ = info.StandardOutput.ReadToEndAsync();
            _ = info.StandardError.ReadToEndAsync();
            if (info.WaitForExit(ProbeTimeout))
            {
                return info.ExitCode == 0;
            }

            info.Kill(entireProcessTree: true);
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
