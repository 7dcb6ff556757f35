namespace PointsDemo.LocalPostgres;

/// <summary>
/// The folder holding a PostgreSQL server installation's programs (<c>initdb</c>, <c>pg_ctl</c>,
/// <c>postgres</c>), found in this order: a folder given explicitly, the folder named by
/// <c>POINTSDEMO_PG_BIN</c>, the highest version under <c>/usr/lib/postgresql/*/bin</c>
/// (Debian and Ubuntu packages), then the folder of <c>initdb</c> on <c>PATH</c>.
/// </summary>
public sealed class PostgresBinaries
{
    /// <summary>The environment variable that names the folder holding the PostgreSQL programs.</summary>
    public const string BinFolderVariable = "POINTSDEMO_PG_BIN";

    internal const string DebianVersionsRoot = "/usr/lib/postgresql";

    private static readonly string[] RequiredPrograms = ["initdb", "pg_ctl", "postgres"];

    private PostgresBinaries(string folder) => Folder = folder;

    /// <summary>The folder holding the programs.</summary>
    public string Folder { get; }

    internal string InitDb => Path.Combine(Folder, "initdb");

    internal string PgCtl => Path.Combine(Folder, "pg_ctl");

    internal string Postgres => Path.Combine(Folder, "postgres");

    /// <summary>Finds the PostgreSQL programs.</summary>
    /// <param name="folder">A folder to use instead of searching; when it lacks a program, that is an error.</param>
    /// <exception cref="PostgresNotFoundException">No usable folder was found; the message says what to do.</exception>
    public static PostgresBinaries Find(string? folder = null) =>
        Find(folder, Environment.GetEnvironmentVariable(BinFolderVariable), DebianVersionsRoot, Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Like <see cref="Find(string?)"/>, but answers <see langword="null"/> instead of throwing.</summary>
    public static PostgresBinaries? TryFind(string? folder = null)
    {
        try
        {
            return Find(folder);
        }
        catch (PostgresNotFoundException)
        {
            return null;
        }
    }

    // The search with its inputs spelled out, so tests can point it at folders of their own.
    internal static PostgresBinaries Find(string? explicitFolder, string? variableFolder, string versionsRoot, string? pathVariable)
    {
        // A folder the user named is used or reported, never silently passed over for another one.
        if (!string.IsNullOrWhiteSpace(explicitFolder))
        {
            return FromNamedFolder(explicitFolder, "the folder given in the options");
        }

        if (!string.IsNullOrWhiteSpace(variableFolder))
        {
            return FromNamedFolder(variableFolder, $"the folder named by {BinFolderVariable}");
        }

        var found = HighestVersionUnder(versionsRoot) ?? FolderOfInitDbOnPath(pathVariable);
        return found is not null
            ? new PostgresBinaries(found)
            : throw PostgresNotFoundException.AfterSearching($"looked in {versionsRoot}/*/bin and for initdb on PATH");
    }

    private static PostgresBinaries FromNamedFolder(string folder, string origin)
    {
        var full = Path.GetFullPath(folder);
        return HasAllPrograms(full)
            ? new PostgresBinaries(full)
            : throw PostgresNotFoundException.AfterSearching(
                $"'{full}', {origin}, lacks one of {string.Join(", ", RequiredPrograms)}");
    }

    private static string? HighestVersionUnder(string versionsRoot)
    {
        if (!Directory.Exists(versionsRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(versionsRoot)
            .Select(versionFolder => (Version: ParseVersion(Path.GetFileName(versionFolder)), Bin: Path.Combine(versionFolder, "bin")))
            .Where(candidate => candidate.Version is not null && HasAllPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    // Folder names are "15", "16" or, before PostgreSQL 10, "9.6": compare them as versions, not text.
    private static Version? ParseVersion(string name)
    {
        if (int.TryParse(name, out var major) && major >= 0)
        {
            return new Version(major, 0);
        }

        return Version.TryParse(name, out var version) ? version : null;
    }

    private static string? FolderOfInitDbOnPath(string? pathVariable)
    {
        foreach (var entry in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var initDb = Path.Combine(entry, "initdb");
            if (!File.Exists(initDb))
            {
                continue;
            }

            // PATH often holds symlinks into the real installation; the siblings live beside the target.
            var target = File.ResolveLinkTarget(initDb, returnFinalTarget: true)?.FullName ?? initDb;
            var folder = Path.GetDirectoryName(Path.GetFullPath(target));
            if (folder is not null && HasAllPrograms(folder))
            {
                return folder;
            }
        }

        return null;
    }

    private static bool HasAllPrograms(string folder) =>
        RequiredPrograms.All(program => File.Exists(Path.Combine(folder, program)));

    /// <inheritdoc/>
    public override string ToString() => Folder;
}
