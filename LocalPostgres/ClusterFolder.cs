using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace PointsDemo.LocalPostgres;

/// <summary>
/// The folder a cluster owns: <c>data</c> (the data directory), <c>socket</c> (the server's Unix
/// socket, kept out of <c>/var/run/postgresql</c>, which may be missing or not writable) and, during
/// <c>initdb</c> only, the password file. Its name carries the owning process id, so that a later
/// run can tell the folder of a crashed run from one still in use.
/// </summary>
internal sealed record ClusterFolder(string Root)
{
    public const string NamePrefix = "pointsdemo-pg-";

    /// <summary>The longest Unix socket path Linux accepts (<c>sun_path</c> holds 108 bytes with its terminator).</summary>
    public const int MaxSocketPathBytes = 107;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Data => Path.Combine(Root, "data");

    public string Socket => Path.Combine(Root, "socket");

    public string PasswordFile => Path.Combine(Root, "password");

    private string PostmasterPidFile => Path.Combine(Data, "postmaster.pid");

    /// <summary>
    /// Creates the folder of a new cluster under the options' base folder (the temp folder when
    /// unset), after removing the folders that crashed runs left there.
    /// </summary>
    public static async Task<ClusterFolder> CreateAsync(
        ServerControl control, PostgresClusterOptions options, int ownerProcessId, ILogger logger, CancellationToken cancellationToken)
    {
        var baseFolder = Path.GetFullPath(options.BaseFolder ?? Path.GetTempPath());
        Directory.CreateDirectory(baseFolder);
        if (control.User.DropsRoot)
        {
            EnsureEnterableByOthers(baseFolder, control.User.Name);
        }

        await StaleClusters.RemoveAsync(baseFolder, control, options.StopTimeout, logger, cancellationToken);
        return CreateUnder(baseFolder, ownerProcessId);
    }

    public static ClusterFolder CreateUnder(string baseFolder, int ownerProcessId)
    {
        string root;
        do
        {
            root = Path.Combine(baseFolder, $"{NamePrefix}{ownerProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        }
        while (Directory.Exists(root));

        var folder = new ClusterFolder(root);

        // The server would only fail when it binds its socket, with a terse line in its log: say it now.
        var socketFile = Path.Combine(Path.GetFullPath(folder.Socket), ".s.PGSQL.65535");
        if (System.Text.Encoding.UTF8.GetByteCount(socketFile) > MaxSocketPathBytes)
        {
            throw new InvalidOperationException(
                $"The cluster's Unix socket would be '{socketFile}', longer than the {MaxSocketPathBytes} bytes a socket path may have. " +
                "Choose a base folder with a shorter path, such as /tmp.");
        }

        CreatePrivateDirectory(folder.Root);
        CreatePrivateDirectory(folder.Socket);
        return folder;
    }

    /// <summary>The process that created the folder, read from its name; <see langword="null"/> for other folders.</summary>
    public static int? OwnerOf(string folderPath)
    {
        var name = Path.GetFileName(folderPath);
        if (!name.StartsWith(NamePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name.AsSpan(NamePrefix.Length);
        var dash = rest.IndexOf('-');
        return dash > 0 && int.TryParse(rest[..dash], out var pid) ? pid : null;
    }

    /// <summary>
    /// The server reports a failure to reach its data folder as a permission error deep in its log;
    /// this says it up front. Only the "others may enter" bit is checked: that is what the
    /// server user relies on in a folder owned by someone else, such as root.
    /// </summary>
    public static void EnsureEnterableByOthers(string baseFolder, string serverUser)
    {
        for (var folder = new DirectoryInfo(baseFolder); folder is not null; folder = folder.Parent)
        {
            if ((folder.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL server runs as the OS user '{serverUser}', which cannot enter '{folder.FullName}' " +
                    $"(mode {Convert.ToString((int)folder.UnixFileMode, 8)}), a parent of the cluster's folder under '{baseFolder}'. " +
                    "Choose a base folder every user may enter, such as /tmp.");
            }
        }
    }

    /// <summary>The postmaster's process id from <c>postmaster.pid</c>, if the file exists.</summary>
    public int? PostmasterProcessId() =>
        PostmasterPidLines() is [var first, ..] && int.TryParse(first, out var pid) ? pid : null;

    /// <summary>
    /// Whether the server in this folder accepts connections. The postmaster writes its state on the
    /// eighth line of <c>postmaster.pid</c> ("starting", "ready", "stopping"): the signal <c>pg_ctl -w</c> waits on.
    /// </summary>
    public bool PostmasterSaysReady(int postmasterId) =>
        PostmasterPidLines() is [var first, _, _, _, _, _, _, var status, ..]
        && int.TryParse(first, out var pid) && pid == postmasterId
        && status.Trim() == "ready";

    private string[] PostmasterPidLines()
    {
        try
        {
            return File.ReadAllLines(PostmasterPidFile);
        }
        catch (IOException)
        {
            // Not written yet, or removed at shutdown.
            return [];
        }
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: a concurrent clean-up of stale folders got there first.
        }
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }
}
