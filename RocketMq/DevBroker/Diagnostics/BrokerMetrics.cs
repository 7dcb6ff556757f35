using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PointsDemo.RocketMq.DevBroker.Diagnostics;

/// <summary>
/// The broker's instruments on a <see cref="Meter"/> named <see cref="DevBrokerDiagnostics.MeterName"/>:
/// gauges read the state when metrics are collected (queue depth and in-flight deliveries per topic
/// and group, half messages waiting for a check-back, messages in TRANS_CHECK_MAX_TIME_TOPIC,
/// messages held, journal segments); counters count events where they happen (check-backs by
/// outcome, transactions ended, redeliveries, dead letters, moves to TRANS_CHECK_MAX_TIME_TOPIC,
/// journal flushes and the records they carried). One meter per broker, disposed with it.
/// </summary>
internal sealed class BrokerMetrics : IDisposable
{
    private readonly Counter<long> _checkBacks;
    private readonly Counter<long> _transactionsEnded;
    private readonly Counter<long> _redeliveries;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _checkMaxMoves;
    private readonly Counter<long> _journalFlushes;
    private readonly Counter<long> _journalRecords;

    public BrokerMetrics(BrokerState broker)
    {
        Meter = new Meter(DevBrokerDiagnostics.MeterName, typeof(BrokerMetrics).Assembly.GetName().Version?.ToString());
        _checkBacks = Meter.CreateCounter<long>(
            "rocketmq.broker.transaction.checks", "{check}", "Check-backs of half messages, by outcome: sent, no_producer (none connected declared the topic; the check still counts) or undelivered (the stream broke).");
        _transactionsEnded = Meter.CreateCounter<long>(
            "rocketmq.broker.transaction.ended", "{transaction}", "Half messages resolved, by resolution (commit, rollback) and source (client, check).");
        _redeliveries = Meter.CreateCounter<long>(
            "rocketmq.broker.redeliveries", "{message}", "Deliveries whose invisible duration ended unacked: the message is delivered again.");
        _deadLetters = Meter.CreateCounter<long>(
            "rocketmq.broker.dead_letters", "{message}", "Messages moved to %DLQ%<group> after their last delivery attempt (or forwarded there).");
        _checkMaxMoves = Meter.CreateCounter<long>(
            "rocketmq.broker.transaction.check_max.moved", "{message}", "Half messages moved to TRANS_CHECK_MAX_TIME_TOPIC: their checks ran out (or they outlived the retention time) without an answer.");
        _journalFlushes = Meter.CreateCounter<long>(
            "rocketmq.broker.journal.flushes", "{flush}", "fsyncs of the journal; with group commit many records share one.");
        _journalRecords = Meter.CreateCounter<long>(
            "rocketmq.broker.journal.records", "{record}", "Records written to the journal.");

        Meter.CreateObservableGauge("rocketmq.broker.messages.ready", () => PerGroup(broker, c => c.Ready), "{message}",
            "Messages waiting for delivery to a group: new, or back after their invisible duration.");
        Meter.CreateObservableGauge("rocketmq.broker.messages.in_flight", () => PerGroup(broker, c => c.InFlight), "{message}",
            "Deliveries to a group awaiting their ack.");
        Meter.CreateObservableGauge("rocketmq.broker.transaction.half_messages", () => PerTopic(broker.Halves.PendingCountByTopic()), "{message}",
            "Half messages waiting for their transaction's end (commit, rollback or a check-back).");
        Meter.CreateObservableGauge("rocketmq.broker.transaction.check_max.messages", () => PerTopic(broker.Halves.ParkedCountByTopic()), "{message}",
            "Half messages in TRANS_CHECK_MAX_TIME_TOPIC, never checked again unless resumed.");
        Meter.CreateObservableGauge(
            "rocketmq.broker.messages.retained",
            () => broker.Topics.All.Select(t => new Measurement<long>(t.Retained.Messages, Topic(t.Name))),
            "{message}",
            "Messages a topic still holds: not yet taken by every group reading it.");
        Meter.CreateObservableGauge("rocketmq.broker.journal.segments", () => broker.Journal?.SegmentCount ?? 0, "{segment}",
            "Journal segment files on disk (0 without --data).");
    }

    public Meter Meter { get; }

    public void CheckBack(string topic, string outcome) =>
        _checkBacks.Add(1, new TagList { { DevBrokerDiagnostics.Topic, topic }, { DevBrokerDiagnostics.Outcome, outcome } });

    public void TransactionEnded(string topic, string resolution, string source) =>
        _transactionsEnded.Add(1, new TagList { { DevBrokerDiagnostics.Topic, topic }, { DevBrokerDiagnostics.Resolution, resolution }, { DevBrokerDiagnostics.Source, source } });

    public void Redelivered(string topic, string group, int count)
    {
        if (count > 0)
        {
            _redeliveries.Add(count, TopicAndGroup(topic, group));
        }
    }

    public void DeadLettered(string topic, string group) => _deadLetters.Add(1, TopicAndGroup(topic, group));

    public void MovedToCheckMax(string topic) => _checkMaxMoves.Add(1, Topic(topic));

    public void JournalFlushed(int records)
    {
        _journalFlushes.Add(1);
        _journalRecords.Add(records);
    }

    public void Dispose() => Meter.Dispose();

    private static TagList Topic(string topic) => new() { { DevBrokerDiagnostics.Topic, topic } };

    private static TagList TopicAndGroup(string topic, string group) =>
        new() { { DevBrokerDiagnostics.Topic, topic }, { DevBrokerDiagnostics.ConsumerGroup, group } };

    private static IEnumerable<Measurement<long>> PerTopic(IReadOnlyDictionary<string, int> counts) =>
        counts.Select(c => new Measurement<long>(c.Value, Topic(c.Key)));

    private static Measurement<long>[] PerGroup(BrokerState broker, Func<Consuming.TopicCounts, long> read)
    {
        var nowMs = broker.NowMs;
        return broker.Groups.All
            .SelectMany(g => g.Counts(nowMs).Topics.Select(t => new Measurement<long>(read(t.Value), TopicAndGroup(t.Key, g.Name))))
            .ToArray();
    }
}
