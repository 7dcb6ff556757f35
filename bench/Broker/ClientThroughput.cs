using System.Diagnostics;
using PointsDemo.Bench.Results;
using PointsDemo.RocketMq;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.Bench.Broker;

/// <summary>
/// The RocketMQ client alone against a dev broker of its own (in this process, so the system's
/// broker, topic and consumer keep out of it): transactional sends per second (begin, send the half
/// message, commit) from concurrent senders, then consumed messages per second (receive in batches,
/// ack each) until everything sent was acked. With a data folder the broker journals every change
/// there (fsynced with group commit) before answering.
/// </summary>
internal static class ClientThroughput
{
    private const string Topic = "bench-transactions";
    private const string Group = "bench-consumer";
    private const int ReceiveBatch = 32;
    private const int Receivers = 4;

    public static async Task<ClientResult> RunAsync(int senders, TimeSpan duration, string? dataFolder, ClientCounters counters, CancellationToken cancellationToken)
    {
        var brokerOptions = new DevBrokerOptions
        {
            Port = 0, DataFolder = dataFolder, Topics = { new TopicDefinition(Topic, TopicMessageType.Transaction) }, ConsumerGroups = { Group },
        };
        await using var broker = await DevBroker.StartAsync(brokerOptions, cancellationToken: cancellationToken);
        var client = new RocketMqOptions { Endpoints = broker.Endpoint };
        await using var producer = new Producer(client, new ProducerOptions { Topics = { Topic } }, new CommitEverything());
        await producer.StartAsync(cancellationToken);
        var body = "{\"userId\":\"00000000-0000-0000-0000-000000000000\",\"points\":100}"u8.ToArray();

        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                var began = Stopwatch.GetTimestamp();
                var transaction = producer.BeginTransaction();
                await transaction.SendAsync(new Message(Topic, body) { Tag = "Bench", Keys = [Guid.NewGuid().ToString("N")] }, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                counters.Sent(began, Stopwatch.GetTimestamp());
            }
        }, cancellationToken)));
        var sendElapsed = Stopwatch.GetElapsedTime(start);

        var consumerOptions = new SimpleConsumerOptions { ConsumerGroup = Group, AwaitDuration = TimeSpan.FromSeconds(5), Subscriptions = { [Topic] = "*" } };
        await using var consumer = new SimpleConsumer(client, consumerOptions);
        await consumer.StartAsync(cancellationToken);
        var target = counters.SentCount;
        var consumeStart = Stopwatch.GetTimestamp();
        var lastAck = consumeStart;
        using var finished = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        finished.CancelAfter(duration * 3);
        await Task.WhenAll(Enumerable.Range(0, Receivers).Select(_ => Task.Run(async () =>
        {
            try
            {
                while (!finished.IsCancellationRequested)
                {
                    var batch = await consumer.ReceiveAsync(ReceiveBatch, TimeSpan.FromSeconds(30), finished.Token);
                    await Task.WhenAll(batch.Select(async message =>
                    {
                        await consumer.AckAsync(message, finished.Token);
                        if (counters.Acked() >= target)
                        {
                            // Everything is in: end the other receivers' long polls instead of waiting them out.
                            Interlocked.Exchange(ref lastAck, Stopwatch.GetTimestamp());
                            await finished.CancelAsync();
                        }
                    }));
                }
            }
            catch (OperationCanceledException) when (finished.IsCancellationRequested)
            {
                // Done, or out of time: the count says which.
            }
        }, CancellationToken.None)));
        var consumeElapsed = Stopwatch.GetElapsedTime(consumeStart, counters.AckedCount >= target ? Interlocked.Read(ref lastAck) : Stopwatch.GetTimestamp());
        cancellationToken.ThrowIfCancellationRequested();

        return new ClientResult(
            senders,
            counters.SentCount,
            Math.Round(counters.SentCount / sendElapsed.TotalSeconds, 1),
            counters.SendLatencies.Summary(),
            Receivers,
            ReceiveBatch,
            counters.AckedCount,
            Math.Round(counters.AckedCount / consumeElapsed.TotalSeconds, 1));
    }

    /// <summary>Every send is committed right away, so no check-back should come; if one does, it commits.</summary>
    private sealed class CommitEverything : ITransactionChecker
    {
        public Task<TransactionResolution> CheckAsync(MessageView message, CancellationToken cancellationToken) => Task.FromResult(TransactionResolution.Commit);
    }
}

/// <summary>The client phase's counters, read by the progress line while it runs.</summary>
internal sealed class ClientCounters
{
    private long _sent;
    private long _acked;

    public long SentCount => Interlocked.Read(ref _sent);

    public long AckedCount => Interlocked.Read(ref _acked);

    /// <summary>Begin + send half message + commit, end to end.</summary>
    public LatencyRecorder SendLatencies { get; } = new();

    public void Sent(long startTimestamp, long endTimestamp)
    {
        SendLatencies.Record(startTimestamp, endTimestamp);
        Interlocked.Increment(ref _sent);
    }

    public long Acked() => Interlocked.Increment(ref _acked);
}
