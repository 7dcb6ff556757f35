namespace PointsDemo.AppHost;

/// <summary>The images docker mode runs, the same as docker-compose.yml's.</summary>
internal static class ContainerImages
{
    /// <summary>PostgreSQL's tag (<c>docker.io/library/postgres</c>).</summary>
    public const string PostgresTag = "17.6";
}
