#if OFFICIAL_CLIENT
using Org.Apache.Rocketmq;

namespace PointsDemo.ClientBench;

/// <summary>Apache's official C# client (RocketMQ.Client), built from a checkout of apache/rocketmq-clients.</summary>
internal sealed class OfficialSender(Producer producer) : ITransactionalSender
{
    public static async Task<ITransactionalSender> StartAsync(string endpoint)
    {
        var config = new ClientConfig.Builder().SetEndpoints(endpoint).EnableSsl(false).Build();
        var producer = await new Producer.Builder()
            .SetClientConfig(config)
            .SetTopics(BenchMessage.Topic)
            .SetTransactionChecker(new CommitEverything())
            .Build();
        return new OfficialSender(producer);
    }

    // The official client's calls take no cancellation token; the loop stops between sends.
    public async Task SendAndCommitAsync(CancellationToken cancellationToken)
    {
        var transaction = producer.BeginTransaction();
        var message = new Message.Builder()
            .SetTopic(BenchMessage.Topic).SetTag(BenchMessage.Tag).SetKeys(BenchMessage.NewKey()).SetBody(BenchMessage.Body).Build();
        await producer.Send(message, transaction);
        await transaction.Commit();
    }

    public ValueTask DisposeAsync() => producer.DisposeAsync();

    private sealed class CommitEverything : ITransactionChecker
    {
        public TransactionResolution Check(MessageView messageView) => TransactionResolution.Commit;
    }
}
#endif
