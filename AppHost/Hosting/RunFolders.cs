using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aspire.Hosting;

/// <summary>
/// Folders that keep a resource's state for as long as the AppHost runs (the dev broker's journal),
/// so a restart of the resource from the dashboard loses nothing. Each is named after the AppHost's
/// process: the AppHost removes its own when it is disposed, once no process uses them any more,
/// and a start removes those of runs that crashed before they could.
/// </summary>
internal sealed class RunFolders : IAsyncDisposable
{
    /// <summary>Where every run of the AppHost keeps what it puts on disk (the local cluster's folder too).</summary>
    public static readonly string BaseFolder = Path.Combine(Path.GetTempPath(), "pointsdemo-apphost");

    private static readonly TimeSpan InUseTimeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _folders = [];

    /// <summary>A folder for this run under <see cref="BaseFolder"/>, named after <paramref name="purpose"/>.</summary>
    public static string Reserve(IDistributedApplicationBuilder builder, string purpose)
    {
        var baseFolder = BaseFolder;
        var prefix = $"{purpose}-";
        foreach (var stale in Directory.Exists(baseFolder) ? Directory.GetDirectories(baseFolder, prefix + "*") : [])
        {
            if (OwnerOf(Path.GetFileName(stale)[prefix.Length..]) is { } owner && !Alive(owner))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        var folder = Path.Combine(baseFolder, $"{prefix}{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        builder.Services.TryAddSingleton<RunFolders>();
        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            started.Services.GetRequiredService<RunFolders>().Add(folder);
            return Task.CompletedTask;
        });
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        string[] folders;
        lock (_folders)
        {
            folders = [.. _folders];
        }

        foreach (var folder in folders.Where(Directory.Exists))
        {
            // DCP stops the processes after the AppHost let go of them: removing a journal under a
            // broker still writing it would only let the broker write a new one.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (InUse(folder) && waited.Elapsed < InUseTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private void Add(string folder)
    {
        lock (_folders)
        {
            _folders.Add(folder);
        }
    }

    // "<pid>-<random>"
    private static int? OwnerOf(string rest) => int.TryParse(rest.Split('-')[0], out var pid) ? pid : null;

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat");

    // A process uses the folder when its command line names it (the broker is started with --data <folder>).
    private static bool InUse(string folder) =>
        Directory.EnumerateDirectories("/proc")
            .Where(p => char.IsAsciiDigit(Path.GetFileName(p)[0]))
            .Any(p => ReadCommandLine(p).Contains(folder, StringComparison.Ordinal));

    private static string ReadCommandLine(string processFolder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processFolder, "cmdline"));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
