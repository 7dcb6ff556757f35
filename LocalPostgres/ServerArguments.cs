using System.Globalization;

namespace PointsDemo.LocalPostgres;

/// <summary>The <c>postgres</c> command line of a cluster, whoever runs it (this library or an orchestrator).</summary>
internal static class ServerArguments
{
    public static IReadOnlyList<string> For(ClusterFolder folder, int port, PostgresClusterOptions options) =>
    [
        "-D", folder.Data,
        "-p", port.ToString(CultureInfo.InvariantCulture),
        "-k", folder.Socket,
        "-c", "listen_addresses=127.0.0.1",
        "-c", $"max_connections={options.MaxConnections.ToString(CultureInfo.InvariantCulture)}",
        // fsync and full-page writes guard against the machine losing power, which throwaway data
        // can afford. Without synchronous_commit a commit is acknowledged before its WAL is written,
        // so a killed server forgets it: only clusters that must survive their server's crash keep it.
        "-c", $"fsync={OnOff(options.Durable)}",
        "-c", $"full_page_writes={OnOff(options.Durable)}",
        "-c", $"synchronous_commit={OnOff(options.Durable || options.SynchronousCommit)}",
        // The logger adds its own timestamps; the backend's process id still helps to follow a session.
        "-c", "log_line_prefix=[%p] ",
    ];

    private static string OnOff(bool on) => on ? "on" : "off";
}
