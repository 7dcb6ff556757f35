using System.Runtime.Versioning;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// deploy/rocketmq/prepare-store.sh, the AppHost's one-shot step before the broker: it empties the
/// broker's store volume, so each run starts with an empty broker (unless a data volume keeps it),
/// and hands it to the user the broker runs as. Run here on a folder of this user's, handed to this user.
/// </summary>
[SupportedOSPlatform("linux")] // a bash script
public sealed class PrepareStoreScriptTests : IDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("pointsdemo-rmqstore-").FullName;

    [Fact]
    public async Task It_empties_the_store_left_by_an_earlier_run_and_keeps_the_folder()
    {
        Directory.CreateDirectory(Path.Combine(_store, "commitlog"));
        File.WriteAllText(Path.Combine(_store, "commitlog", "00000000000000000000"), "messages");
        File.WriteAllText(Path.Combine(_store, ".lock"), "");
        File.WriteAllText(Path.Combine(_store, "checkpoint"), "");

        var run = await RunScriptAsync(_store, await OwnerAsync());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Directory.Exists(_store));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_store));
        Assert.Contains($"{_store} is empty", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keep_it_leaves_what_an_earlier_run_stored()
    {
        Directory.CreateDirectory(Path.Combine(_store, "commitlog"));
        File.WriteAllText(Path.Combine(_store, "commitlog", "00000000000000000000"), "messages");

        var run = await RunScriptAsync(_store, await OwnerAsync(), "--keep");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("messages", File.ReadAllText(Path.Combine(_store, "commitlog", "00000000000000000000")));
        Assert.Contains($"{_store} is kept", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_third_argument_other_than_keep_is_refused_and_nothing_is_removed()
    {
        File.WriteAllText(Path.Combine(_store, "checkpoint"), "");

        var run = await RunScriptAsync(_store, await OwnerAsync(), "--kep");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("can only be --keep", run.Errors, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_store, "checkpoint")));
    }

    [Fact]
    public async Task Without_the_volume_mounted_it_fails_and_says_where_to_mount_it()
    {
        var missing = Path.Combine(_store, "not-mounted");

        var run = await RunScriptAsync(missing, await OwnerAsync());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("mount the broker's store volume there", run.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Without_arguments_it_says_what_to_name()
    {
        var run = await ProgramRun.RunAsync("bash", [Repository.PathOf("deploy/rocketmq/prepare-store.sh")], _store);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("name the store folder", run.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_store, recursive: true);

    private static Task<ProgramRun> RunScriptAsync(string store, string owner, params string[] options) =>
        ProgramRun.RunAsync("bash", [Repository.PathOf("deploy/rocketmq/prepare-store.sh"), store, owner, .. options], Path.GetTempPath());

    // This user and group, to which this user may hand a folder without being root.
    private static async Task<string> OwnerAsync()
    {
        var user = await ProgramRun.RunAsync("id", ["-u"], Path.GetTempPath());
        var group = await ProgramRun.RunAsync("id", ["-g"], Path.GetTempPath());
        return $"{user.Output.Trim()}:{group.Output.Trim()}";
    }
}
