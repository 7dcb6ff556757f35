using PointsDemo.TestSupport;

namespace PointsDemo.LocalPostgres.Tests;

/// <summary>The Docker probe's plumbing, with stand-ins for the docker CLI (no Docker engine needed).</summary>
public sealed class DockerEngineTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly TestFolder _folder = new();

    [Fact]
    public async Task An_engine_answers_when_docker_info_succeeds() =>
        Assert.True(await DockerEngine.AnswersAsync(Script("succeeds", "exit 0"), Generous, TestContext.Current.CancellationToken));

    [Fact]
    public async Task No_engine_answers_when_docker_info_fails() =>
        Assert.False(await DockerEngine.AnswersAsync(Script("fails", "echo 'Cannot connect to the Docker daemon' >&2; exit 1"), Generous, TestContext.Current.CancellationToken));

    [Fact]
    public async Task No_engine_answers_when_there_is_no_docker_cli() =>
        Assert.False(await DockerEngine.AnswersAsync(Path.Combine(_folder.Path, "no-such-docker"), Generous, TestContext.Current.CancellationToken));

    [Fact]
    public async Task An_engine_that_hangs_does_not_answer_and_the_probe_is_stopped()
    {
        var pidFile = Path.Combine(_folder.Path, "hanging.pid");
        var hangs = Script("hangs", $"echo $$ > {pidFile}; exec sleep 600");

        Assert.False(await DockerEngine.AnswersAsync(hangs, TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken));
        Assert.False(Machine.ProcessExists(int.Parse(await File.ReadAllTextAsync(pidFile, TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void Dispose() => _folder.Dispose();

    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
