using Npgsql;

namespace PointsDemo.AppHost.Docker;

/// <summary>Where the containers of docker-compose.yml are reached from the host (its published ports).</summary>
internal static class DockerEndpoints
{
    public const string RocketMq = "127.0.0.1:8081";
    public const int PostgresPort = 5432;
    public static readonly Uri Dashboard = new("http://localhost:18888");
    public static readonly Uri OtlpHttp = new("http://localhost:18890");

    public static string PostgresServer(string password) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = PostgresPort,
        Username = "postgres",
        Password = password,
        Database = "postgres",
    }.ConnectionString;
}
