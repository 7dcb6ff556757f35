namespace PointsDemo.AppHost.Docker;

/// <summary>Compose v2 is a docker CLI plugin (<c>docker compose</c>); v1 is a program of its own (<c>docker-compose</c>).</summary>
internal enum ComposeCli
{
    Plugin,
    Standalone,
}

/// <summary>A command line to run, with the environment compose interpolates into the file.</summary>
internal sealed record ComposeCommand(string Program, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}

/// <summary>
/// Docker mode drives docker-compose.yml, the single definition of the containers: these are the
/// exact commands, built without running anything so tests can check them word for word.
/// </summary>
internal static class ComposeCommands
{
    /// <summary>The compose project name: containers are named and found (and removed) by it.</summary>
    public const string Project = "pointsdemo";

    /// <summary>The containers the services need; the services themselves run on the host as in local mode.</summary>
    public static readonly IReadOnlyList<string> Infrastructure = ["postgres", "rmqnamesrv", "rmqbroker", "dashboard"];

    /// <summary>The one-shot container that creates the TRANSACTION topic and the consumer group with mqadmin (success checked, retried).</summary>
    public const string TopicInit = "rmqinit";

    // Compose v1 has no --wait; there the topic init (which depends on a healthy broker) is the wait.
    private static readonly string[] PluginWait = ["--wait"];

    /// <summary>How compose is asked whether it is the plugin; when this fails, <c>docker-compose</c> is used.</summary>
    public static readonly ComposeCommand PluginProbe = new("docker", ["compose", "version"], new Dictionary<string, string>());

    /// <summary>Starts the infrastructure; the plugin also waits until the health checks pass.</summary>
    public static ComposeCommand Up(ComposeCli cli, string composeFile, string postgresPassword) =>
        Command(cli, composeFile, postgresPassword, ["up", "-d", .. cli == ComposeCli.Plugin ? PluginWait : [], .. Infrastructure]);

    /// <summary>Runs the topic and group creation to completion; its exit code is the command's.</summary>
    public static ComposeCommand InitTopics(ComposeCli cli, string composeFile, string postgresPassword) =>
        Command(cli, composeFile, postgresPassword, ["run", "--rm", TopicInit]);

    /// <summary>Removes every container, network and volume of the project, leaving nothing behind.</summary>
    public static ComposeCommand Down(ComposeCli cli, string composeFile, string postgresPassword) =>
        Command(cli, composeFile, postgresPassword, ["down", "--volumes", "--remove-orphans"]);

    private static ComposeCommand Command(ComposeCli cli, string composeFile, string postgresPassword, IEnumerable<string> verb)
    {
        string[] common = ["-f", composeFile, "-p", Project];
        return cli == ComposeCli.Plugin
            ? new ComposeCommand("docker", ["compose", .. common, .. verb], EnvironmentFor(postgresPassword))
            : new ComposeCommand("docker-compose", [.. common, .. verb], EnvironmentFor(postgresPassword));
    }

    // docker-compose.yml reads the password as ${POSTGRES_PASSWORD}, so no secret is written in the file.
    private static Dictionary<string, string> EnvironmentFor(string postgresPassword) => new() { ["POSTGRES_PASSWORD"] = postgresPassword };
}
