using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PointsDemo.LocalPostgres;

/// <summary>
/// A cluster created from the machine's PostgreSQL binaries whose server another program runs
/// and supervises (an orchestrator such as Aspire's DCP): this class creates and initialises the
/// folder, gives the command line that serves it, and removes the folder once the server is gone.
/// </summary>
/// <remarks>
/// Supervisors stop what they run with SIGTERM, which PostgreSQL takes as a "smart" shutdown that
/// waits for every client to disconnect; a service's idle pooled connections would hold it until
/// the supervisor's patience ran out and it killed the server. <see cref="ServerCommand"/> therefore
/// runs the server under a small shell that turns SIGTERM into SIGINT, PostgreSQL's "fast" shutdown:
/// sessions are closed and the server stops cleanly within a second.
/// </remarks>
public sealed class PostgresClusterFolder : IAsyncDisposable
{
    /// <summary>The program of every <see cref="ServerCommand"/>: the shell that supervises the server.</summary>
    public const string ServerProgram = "/bin/sh";

    // The trap may fire before the server has started: it then only notes the request, which is
    // honoured as soon as the server's process id is known. The server logs to stderr, which
    // supervisors show as errors: its log goes to stdout instead.
    private const string FastStopOnTerm = """
        trap 'stop=1; [ -n "$server" ] && kill -INT "$server" 2>/dev/null' TERM INT
        SERVER 2>&1 &
        server=$!
        [ -n "$stop" ] && kill -INT "$server" 2>/dev/null
        wait "$server"; status=$?
        while kill -0 "$server" 2>/dev/null; do wait "$server"; status=$?; done
        exit "$status"
        """;

    private readonly ServerControl _control;
    private readonly ClusterFolder _folder;
    private readonly PostgresClusterOptions _options;
    private readonly ILogger _logger;

    private PostgresClusterFolder(ServerControl control, ClusterFolder folder, PostgresClusterOptions options, ILogger logger)
    {
        _control = control;
        _folder = folder;
        _options = options;
        _logger = logger;
    }

    /// <summary>The folder the cluster owns (data directory, socket); removed by <see cref="DisposeAsync"/>.</summary>
    public string Root => _folder.Root;

    /// <summary>The folder of the PostgreSQL programs in use.</summary>
    public string BinFolder => _control.Binaries.Folder;

    /// <summary>
    /// Finds the binaries, removes the folders of crashed earlier runs under the same base folder,
    /// creates a folder of its own and runs <c>initdb</c> with <paramref name="password"/> for the
    /// <c>postgres</c> superuser. The server is not started.
    /// </summary>
    /// <exception cref="PostgresNotFoundException">No PostgreSQL binaries; the message says what to install or set.</exception>
    /// <exception cref="InvalidOperationException">The folder could not be created or initialised.</exception>
    public static async Task<PostgresClusterFolder> CreateAsync(
        PostgresClusterOptions options, string password, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(password);
        logger ??= NullLogger.Instance;
        var control = new ServerControl(PostgresBinaries.Find(options.BinFolder), ServerUser.ForThisProcess(options.ServerUser));
        var folder = await ClusterFolder.CreateAsync(control, options, Environment.ProcessId, logger, cancellationToken);
        try
        {
            await control.InitAsync(folder, password, cancellationToken);
        }
        catch
        {
            folder.Delete();
            throw;
        }

        return new PostgresClusterFolder(control, folder, options, logger);
    }

    /// <summary>
    /// The command line that serves the cluster on <paramref name="port"/> (loopback only) in the
    /// foreground, as the server user, stopping fast on SIGTERM; its output is the server's log. It
    /// runs a script written into the cluster's folder, so a dashboard shows one short command.
    /// </summary>
    public ServerCommand ServerCommand(int port)
    {
        var server = _control.User.Command(_control.Binaries.Postgres, ServerArguments.For(_folder, port, _options));
        var script = Path.Combine(_folder.Root, "serve.sh");
        File.WriteAllText(script, FastStopOnTerm.Replace("SERVER", string.Join(' ', server.Select(Quoted)), StringComparison.Ordinal) + "\n");
        return new ServerCommand(ServerProgram, [script], ServerUser.ProgramEnvironment, _folder.Root);
    }

    /// <summary>
    /// Waits for the server to be stopped by whoever runs it (at most the options' stop timeout),
    /// stops it itself if it is still running, then removes the folder.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var waited = Stopwatch.StartNew();
        while (RunningServer() is not null && waited.Elapsed < _options.StopTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        if (RunningServer() is { } server && !await _control.StopAsync(_folder, _options.StopTimeout, CancellationToken.None))
        {
            ClusterLog.DidNotStop(_logger, server, _folder.Root);
            return;
        }

        try
        {
            _folder.Delete();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The next run's clean-up of stale folders removes it.
            ClusterLog.FolderNotRemoved(_logger, _folder.Root, error.Message);
        }
    }

    // Single quotes keep every character as it is, but a single quote, which closes and reopens them.
    private static string Quoted(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private int? RunningServer() =>
        _folder.PostmasterProcessId() is { } pid && ProcessState.IsRunning(pid, "postgres") ? pid : null;
}

/// <summary>A program, its arguments, its environment and working folder.</summary>
/// <param name="Program">The program to start.</param>
/// <param name="Arguments">Its arguments, in order.</param>
/// <param name="Environment">Variables to set in its environment.</param>
/// <param name="WorkingDirectory">The folder to start it in.</param>
public sealed record ServerCommand(string Program, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory);
