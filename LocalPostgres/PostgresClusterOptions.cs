namespace PointsDemo.LocalPostgres;

/// <summary>How <see cref="PostgresCluster"/> finds PostgreSQL, where it keeps its files and how it runs the server.</summary>
public sealed class PostgresClusterOptions
{
    /// <summary>
    /// The folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. When unset: the folder named by
    /// <c>POINTSDEMO_PG_BIN</c>, else the highest version under <c>/usr/lib/postgresql/*/bin</c>, else <c>initdb</c>'s folder on PATH.
    /// </summary>
    public string? BinFolder { get; set; }

    /// <summary>
    /// The folder under which the cluster creates its own folder (<c>pointsdemo-pg-&lt;pid&gt;-&lt;random&gt;</c>);
    /// the temp folder when unset. When the server runs as another user, every folder above must be enterable by that user.
    /// </summary>
    public string? BaseFolder { get; set; }

    /// <summary>The OS user that runs the server when this process is root (PostgreSQL refuses to run as root).</summary>
    public string ServerUser { get; set; } = "postgres";

    /// <summary>The server's <c>max_connections</c>: room for many tests and services with connection pools at once.</summary>
    public int MaxConnections { get; set; } = 200;

    /// <summary>
    /// Whether a commit waits for its WAL to be written before it is acknowledged. Off by default:
    /// the data is thrown away and commits are cheaper. Turn it on where the server may be killed
    /// while clients count on what it acknowledged (a crash test, an AppHost whose PostgreSQL can
    /// be stopped from a dashboard): fsync stays off, so only a crash of the machine can lose them.
    /// </summary>
    public bool SynchronousCommit { get; set; }

    /// <summary>
    /// Whether the server keeps what it acknowledged through a crash of the machine too, as a
    /// production server does: <c>fsync</c>, <c>full_page_writes</c> and <c>synchronous_commit</c>
    /// on, PostgreSQL's own defaults. Off by default; a benchmark of the system as it is deployed
    /// turns it on, since flushing the WAL at each commit is part of what a registration costs there.
    /// </summary>
    public bool Durable { get; set; }

    /// <summary>How long creating and starting the cluster may take before it is abandoned.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a fast shutdown may take before the cluster falls back to an immediate one.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
