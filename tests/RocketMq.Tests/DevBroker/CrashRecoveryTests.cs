using System.Collections.Concurrent;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.DevBroker;

/// <summary>
/// The durable broker killed mid-stream (no shutdown, no flush) and started again on its folder:
/// every send it answered is still there, as RocketMQ promises; sends cut off by the kill may or
/// may not be, but nothing else appears.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Every_send_answered_before_a_kill_is_delivered_after_the_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new Integration.DataFolder();
        string[] arguments = ["--port", "0", "--topic", "notifications:NORMAL:4", "--data", data.Path];
        var answered = new ConcurrentDictionary<string, byte>();
        var attempted = new ConcurrentDictionary<string, byte>();
        await using (var broker = await BrokerProcess.StartAsync(arguments))
        {
            await using var producer = new Producer(new RocketMqOptions { Endpoints = broker.Endpoint }, new ProducerOptions { Topics = { "notifications" } });
            await producer.StartAsync(ct);
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
            {
                for (var i = 0; !sending.IsCancellationRequested; i++)
                {
                    var key = $"s{sender}-{i}";
                    attempted[key] = 0;
                    try
                    {
                        await producer.SendAsync(new Message("notifications", "x"u8.ToArray()) { Keys = [key] }, sending.Token);
                        answered[key] = 0;
                    }
                    catch (Exception exception) when (exception is RocketMqException or OperationCanceledException)
                    {
                        return; // The broker is gone: this send was never answered.
                    }
                }
            }, CancellationToken.None)).ToArray();

            await Eventually.MeetsAsync(() => answered.Count, n => n >= 500, "500 answered sends");
            await broker.KillAsync();
            await sending.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using var restarted = await BrokerProcess.StartAsync(arguments);
        await using var consumer = new SimpleConsumer(
            new RocketMqOptions { Endpoints = restarted.Endpoint },
            new SimpleConsumerOptions { ConsumerGroup = "audit", AwaitDuration = TimeSpan.FromSeconds(5), Subscriptions = { ["notifications"] = "*" } });
        await consumer.StartAsync(ct);
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var batch = await consumer.ReceiveAsync(SimpleConsumer.MaxBatchSize, TimeSpan.FromSeconds(30), ct);
            if (batch.Count == 0)
            {
                break;
            }

            delivered.UnionWith(batch.Select(m => m.Keys[0]));
        }

        Assert.Empty(answered.Keys.Except(delivered));
        Assert.Empty(delivered.Except(attempted.Keys));
        Assert.True(delivered.Count >= 500, $"{delivered.Count} delivered");
    }
}
