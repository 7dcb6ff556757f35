using PointsDemo.TestSupport;

namespace PointsDemo.Deployment.Tests;

/// <summary>
/// The one-shot RocketMQ init, run against a stand-in mqadmin: mqadmin exits 0 even when it fails, so
/// the script must read success from the output, retry, and fail loudly.
/// </summary>
public sealed class RocketMqInitScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pointsdemo-rmqinit-").FullName;

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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<ProgramRun> RunScriptAsync(string? topics = "user-registered:TRANSACTION", string? groups = "points-service") =>
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
            });

    /// <summary>An mqadmin that records its arguments and, like the real one, exits 0 whether or not it worked.</summary>
    private void FakeMqadmin(int failuresBeforeSuccess)
    {
        var limit = failuresBeforeSuccess == int.MaxValue ? "999999" : failuresBeforeSuccess.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(_folder, "mqadmin"), $$"""
            echo "$*" >> calls.log
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
}
