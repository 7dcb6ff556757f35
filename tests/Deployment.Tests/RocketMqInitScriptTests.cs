using System.Runtime.Versioning;
using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// The one-shot RocketMQ init, run against a stand-in mqadmin: mqadmin exits 0 even when it fails, so
/// the script must read success from the output, retry, and fail loudly. Given a key pair, it has
/// mqadmin sign with it, through the tools.yml mqadmin reads its keys from.
/// </summary>
[SupportedOSPlatform("linux")] // bash scripts, and the file modes they set
public sealed class RocketMqInitScriptTests : IDisposable
{
    // What the distribution ships in $ROCKETMQ_HOME/conf/tools.yml: sample keys, readable by all.
    private const string SampleToolsYml = "accessKey: rocketmq2\nsecretKey: 12345678\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("pointsdemo-rmqinit-").FullName;

    public RocketMqInitScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "home", "conf"));
        File.WriteAllText(ToolsYml, SampleToolsYml);
        File.SetUnixFileMode(ToolsYml, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private string ToolsYml => Path.Combine(_folder, "home", "conf", "tools.yml");

    [Fact]
    public async Task It_declares_each_topic_with_its_type_then_each_consumer_group()
    {
        FakeMqadmin(failuresBeforeSuccess: 0);

        var run = await RunScriptAsync(topics: "user-registered:TRANSACTION audit", groups: "points-service mailer");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            [
                "updateTopic -n rocketmq-namesrv:9876 -c DefaultCluster -t user-registered -a +message.type=TRANSACTION",
                "updateTopic -n rocketmq-namesrv:9876 -c DefaultCluster -t audit -a +message.type=NORMAL",
                "updateSubGroup -n rocketmq-namesrv:9876 -c DefaultCluster -g points-service",
                "updateSubGroup -n rocketmq-namesrv:9876 -c DefaultCluster -g mailer",
            ],
            Calls());
    }

    [Fact]
    public async Task Without_topics_it_refuses_to_run_and_says_what_to_set()
    {
        FakeMqadmin(failuresBeforeSuccess: 0);

        var run = await RunScriptAsync(topics: null, groups: "points-service");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ROCKETMQ_TOPICS", run.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "calls.log")));
    }

    [Fact]
    public async Task It_retries_while_the_broker_has_not_registered_yet()
    {
        FakeMqadmin(failuresBeforeSuccess: 2);

        var run = await RunScriptAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(4, Calls().Count); // two failed topic attempts, the topic, the group
        Assert.Contains("attempt 1/5 did not succeed", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_fails_loudly_when_mqadmin_never_succeeds_although_it_exits_0()
    {
        FakeMqadmin(failuresBeforeSuccess: int.MaxValue);

        var run = await RunScriptAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAILED to create TRANSACTION topic user-registered after 5 attempts", run.Errors, StringComparison.Ordinal);
        Assert.Equal(5, Calls().Count);
        Assert.DoesNotContain(Calls(), call => call.StartsWith("updateSubGroup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_a_key_pair_mqadmin_signs_every_call_with_it()
    {
        FakeMqadmin(failuresBeforeSuccess: 1);

        var run = await RunScriptAsync(accessKey: "pointsdemo", secretKey: "Kq3-secret_key.v1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, Calls().Count); // a failed attempt, the topic, the group
        var signedWith = File.ReadAllText(Path.Combine(_folder, "signed-with.log"))
            .Split("---\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(Keys)
            .ToList();
        Assert.Equal(3, signedWith.Count);
        Assert.All(signedWith, keys => Assert.Equal(("pointsdemo", "Kq3-secret_key.v1"), keys));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ToolsYml));
        Assert.Contains("mqadmin signs as pointsdemo", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Kq3-secret_key.v1", run.Output + run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_pair_it_leaves_mqadmins_keys_as_the_image_has_them()
    {
        FakeMqadmin(failuresBeforeSuccess: 0);

        var run = await RunScriptAsync(accessKey: null, secretKey: null);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(SampleToolsYml, File.ReadAllText(ToolsYml));
    }

    [Theory]
    [InlineData("pointsdemo", null, "set ROCKETMQ_SECRET_KEY")]
    [InlineData(null, "Kq3-secret_key.v1", "set ROCKETMQ_ACCESS_KEY")]
    [InlineData("pointsdemo", "secret with spaces", "may hold only letters, digits")]
    public async Task With_half_a_key_pair_or_an_unusable_key_it_refuses_to_run_and_says_why(string? accessKey, string? secretKey, string message)
    {
        FakeMqadmin(failuresBeforeSuccess: 0);

        var run = await RunScriptAsync(accessKey: accessKey, secretKey: secretKey);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "calls.log")));
        Assert.Equal(SampleToolsYml, File.ReadAllText(ToolsYml));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<ProgramRun> RunScriptAsync(
        string? topics = "user-registered:TRANSACTION", string? groups = "points-service", string? accessKey = null, string? secretKey = null) =>
        ProgramRun.RunAsync(
            "bash",
            [Repository.PathOf("deploy/rocketmq/create-topics-and-groups.sh")],
            _folder, // the script runs `sh mqadmin` from its working folder, as in the image's bin folder
            new Dictionary<string, string?>
            {
                ["INIT_ATTEMPTS"] = "5",
                ["INIT_PAUSE_SECONDS"] = "0",
                ["ROCKETMQ_TOPICS"] = topics,
                ["ROCKETMQ_GROUPS"] = groups,
                ["NAMESRV_ADDR"] = null,
                ["ROCKETMQ_HOME"] = Path.Combine(_folder, "home"),
                ["ROCKETMQ_ACCESS_KEY"] = accessKey,
                ["ROCKETMQ_SECRET_KEY"] = secretKey,
            });

    /// <summary>
    /// An mqadmin that records its arguments and the keys it would sign with (those in
    /// $ROCKETMQ_HOME/conf/tools.yml, as the real one reads them) and, like the real one, exits 0
    /// whether or not it worked.
    /// </summary>
    private void FakeMqadmin(int failuresBeforeSuccess)
    {
        var limit = failuresBeforeSuccess == int.MaxValue ? "999999" : failuresBeforeSuccess.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(_folder, "mqadmin"), $$"""
            echo "$*" >> calls.log
            { cat "$ROCKETMQ_HOME/conf/tools.yml"; echo "---"; } >> signed-with.log
            failed=$(cat failures 2>/dev/null || echo 0)
            if [ "$failed" -lt {{limit}} ]; then
              echo $((failed + 1)) > failures
              echo "org.apache.rocketmq.tools.command.SubCommandException: UpdateTopicSubCommand command failed"
            else
              echo "create topic to 172.18.0.4:10911 success."
            fi
            exit 0
            """);
    }

    private List<string> Calls() => File.ReadAllLines(Path.Combine(_folder, "calls.log")).ToList();

    /// <summary>The keys in a tools.yml, read as YAML like mqadmin reads it.</summary>
    private static (string? AccessKey, string? SecretKey) Keys(string toolsYml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(toolsYml));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)stream.Documents[0].RootNode;
        return (root["accessKey"].ToString(), root["secretKey"].ToString());
    }
}
