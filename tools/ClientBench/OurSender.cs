using PointsDemo.RocketMq;

namespace PointsDemo.ClientBench;

/// <summary>This repository's client (PointsDemo.RocketMq.Client), as the services use it.</summary>
internal sealed class OurSender(Producer producer) : ITransactionalSender
{
    public static async Task<ITransactionalSender> StartAsync(string endpoint, CancellationToken cancellationToken)
    {
        var producer = new Producer(
            new RocketMqOptions { Endpoints = endpoint },
            new ProducerOptions { Topics = { BenchMessage.Topic } },
            new CommitEverything());
        await producer.StartAsync(cancellationToken);
        return new OurSender(producer);
    }

    public async Task SendAndCommitAsync(CancellationToken cancellationToken)
    {
        var transaction = producer.BeginTransaction();
        await transaction.SendAsync(new Message(BenchMessage.Topic, BenchMessage.Body) { Tag = BenchMessage.Tag, Keys = [BenchMessage.NewKey()] }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => producer.DisposeAsync();

    /// <summary>Every send is committed at once; a check-back, should one come, commits too.</summary>
    private sealed class CommitEverything : ITransactionChecker
    {
        public Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken) => Task.FromResult(TransactionResolution.Commit);
    }
}
