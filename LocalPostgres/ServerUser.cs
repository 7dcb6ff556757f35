using System.ComponentModel;
using System.Diagnostics;

namespace PointsDemo.LocalPostgres;

/// <summary>
/// The OS user the PostgreSQL programs run as. PostgreSQL refuses to run as root, so a root
/// process runs them as an unprivileged user (normally <c>postgres</c>) through <c>setpriv</c>,
/// which execs the program: the process we start is the program itself, and signals reach it
/// directly (unlike <c>runuser</c>, which does not forward SIGINT). Any other user runs them directly.
/// </summary>
internal sealed class ServerUser
{
    private ServerUser(string name, bool dropsRoot)
    {
        Name = name;
        DropsRoot = dropsRoot;
    }

    /// <summary>The user name the server runs as.</summary>
    public string Name { get; }

    /// <summary>Whether this process is root and hands the programs to <see cref="Name"/>.</summary>
    public bool DropsRoot { get; }

    public static ServerUser ForThisProcess(string userWhenRoot) =>
        Environment.IsPrivilegedProcess
            ? new ServerUser(userWhenRoot, dropsRoot: true)
            : new ServerUser(Environment.UserName, dropsRoot: false);

    /// <summary>
    /// The command line that runs <paramref name="program"/> as the server user. With
    /// <paramref name="ownSession"/> it runs in a session of its own (<c>setsid</c>, which execs as
    /// <c>setpriv</c> does), so a Ctrl+C at our terminal reaches us, not it: we stop it in our own time.
    /// </summary>
    public IReadOnlyList<string> Command(string program, IEnumerable<string> arguments, bool ownSession = false) =>
    [
        .. ownSession ? ["setsid"] : Array.Empty<string>(),
        .. DropsRoot ? ["setpriv", $"--reuid={Name}", $"--regid={Name}", "--init-groups", "--"] : Array.Empty<string>(),
        program,
        .. arguments,
    ];

    /// <summary>Describes a run of <see cref="Command"/>, output redirected.</summary>
    public ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments, string workingDirectory, bool ownSession = false)
    {
        var command = Command(program, arguments, ownSession);
        var startInfo = Redirected(command[0]);
        startInfo.WorkingDirectory = workingDirectory;
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in ProgramEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>What the PostgreSQL programs need in their environment: messages in English whatever the machine's locale, since the cluster reads some of them.</summary>
    public static IReadOnlyDictionary<string, string> ProgramEnvironment { get; } = new Dictionary<string, string> { ["LC_ALL"] = "C" };

    /// <summary>Runs a program as the server user to completion and returns its exit code and output.</summary>
    public Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        RunToEndAsync(Path.GetFileName(program), StartInfo(program, arguments, workingDirectory), cancellationToken);

    /// <summary>Gives a folder this process created to the server user (nothing to do when that is us).</summary>
    public async Task TakeOwnershipAsync(string folder, CancellationToken cancellationToken)
    {
        if (!DropsRoot)
        {
            return;
        }

        var chown = Redirected("chown");
        foreach (var argument in (string[])["-R", $"{Name}:{Name}", folder])
        {
            chown.ArgumentList.Add(argument);
        }

        var result = await RunToEndAsync("chown", chown, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL refuses to run as root, so it runs as the OS user '{Name}', but handing '{folder}' to that user failed: " +
                $"{result.Output} Create the user (installing the postgresql package does) or name another one in the options.");
        }
    }

    public static Process Start(ProcessStartInfo startInfo)
    {
        var process = new Process { StartInfo = startInfo };
        Start(process);
        return process;
    }

    /// <summary>Starts a prepared process, turning "no such program" into a message that names it.</summary>
    public static void Start(Process process)
    {
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"Could not start {process.StartInfo.FileName}: {error.Message}", error);
        }
    }

    private static ProcessStartInfo Redirected(string fileName) => new(fileName)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };

    private static async Task<CommandResult> RunToEndAsync(string program, ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        using var process = Start(startInfo);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // initdb, pg_ctl or chown, never the server: stopping them only leaves files we delete anyway.
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = string.Join(Environment.NewLine, (await stdout).Trim(), (await stderr).Trim()).Trim();
        return new CommandResult(program, process.ExitCode, output);
    }
}
