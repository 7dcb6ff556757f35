using PointsDemo.AppHost.Docker;

namespace PointsDemo.AppHost.Tests.Docker;

public sealed class ComposeCommandsTests
{
    [Fact]
    public void Up_starts_the_infrastructure_of_the_compose_file_and_the_plugin_waits_for_health()
    {
        var command = ComposeCommands.Up(ComposeCli.Plugin, "docker-compose.yml", "s3cret");

        Assert.Equal("docker compose -f docker-compose.yml -p pointsdemo up -d --wait postgres rmqnamesrv rmqbroker dashboard", command.ToString());
        Assert.Equal(new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = "s3cret" }, command.Environment);
    }

    [Fact]
    public void Compose_v1_gets_the_same_commands_without_the_plugin_only_wait_flag()
    {
        Assert.Equal(
            "docker-compose -f docker-compose.yml -p pointsdemo up -d postgres rmqnamesrv rmqbroker dashboard",
            ComposeCommands.Up(ComposeCli.Standalone, "docker-compose.yml", "p").ToString());
        Assert.Equal(
            "docker-compose -f docker-compose.yml -p pointsdemo run --rm rmqinit",
            ComposeCommands.InitTopics(ComposeCli.Standalone, "docker-compose.yml", "p").ToString());
    }

    [Fact]
    public void Topics_are_created_by_running_the_init_container_to_completion()
    {
        var command = ComposeCommands.InitTopics(ComposeCli.Plugin, "/repo/docker-compose.yml", "p");

        Assert.Equal("docker", command.Program);
        Assert.Equal(["compose", "-f", "/repo/docker-compose.yml", "-p", "pointsdemo", "run", "--rm", "rmqinit"], command.Arguments);
    }

    [Fact]
    public void Down_removes_containers_networks_and_volumes_of_the_project()
    {
        Assert.Equal(
            "docker compose -f docker-compose.yml -p pointsdemo down --volumes --remove-orphans",
            ComposeCommands.Down(ComposeCli.Plugin, "docker-compose.yml", "p").ToString());
    }

    [Fact]
    public void The_services_reach_the_containers_on_their_published_ports()
    {
        Assert.Equal("127.0.0.1:8081", DockerEndpoints.RocketMq);
        Assert.Equal(new Uri("http://localhost:18890"), DockerEndpoints.OtlpHttp);
        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=pw;Database=postgres", DockerEndpoints.PostgresServer("pw"));
    }
}
