using System.Diagnostics.Metrics;
using PointsDemo.RocketMq.DevBroker;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>The broker's instruments, read with a <see cref="MeterListener"/> as an exporter would read them.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task The_gauges_show_ready_in_flight_and_half_messages_and_the_counters_count_checks_redeliveries_and_dead_letters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await BrokerHarness.StartAsync(o => o.MaxDeliveryAttempts = 2);
        using var recorder = new MeasurementRecorder(harness.Broker.State.Metrics.Meter);
        var checker = RecordingChecker.Always(TransactionResolution.Unknown);
        var producer = await harness.StartProducerAsync(checker);
        var consumer = await harness.StartConsumerAsync("points-service");

        await producer.BeginTransaction().SendAsync(TransactionTests.Registration("r-half"), ct);
        for (var i = 0; i < 3; i++)
        {
            var transaction = producer.BeginTransaction();
            await transaction.SendAsync(TransactionTests.Registration($"r-{i}"), ct);
            await transaction.CommitAsync(ct);
        }

        var poison = (await consumer.ReceiveCountAsync(1, TimeSpan.FromSeconds(2)))[0];
        var gauges = recorder.Observe();
        Assert.Equal(2, gauges.Single("rocketmq.broker.messages.ready", ("messaging.destination.name", BrokerHarness.TransactionTopic), ("messaging.consumer.group.name", "points-service")));
        Assert.Equal(1, gauges.Single("rocketmq.broker.messages.in_flight", ("messaging.destination.name", BrokerHarness.TransactionTopic), ("messaging.consumer.group.name", "points-service")));
        Assert.Equal(1, gauges.Single("rocketmq.broker.transaction.half_messages", ("messaging.destination.name", BrokerHarness.TransactionTopic)));
        Assert.Equal(0, gauges.Single("rocketmq.broker.journal.segments"));
        await checker.FirstCheck.WaitAsync(TimeSpan.FromSeconds(10), ct);

        // The poison message comes back once (attempt 2, the last), then goes to the dead-letter topic
        // on a later receive; everything else is acked.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(15));
        while (harness.Inspector.TakeSnapshot().DeadLetters.Count == 0)
        {
            var batch = await consumer.ReceiveAsync(SimpleConsumer.MaxBatchSize, TimeSpan.FromMilliseconds(200), patience.Token);
            var others = batch.Where(m => m.MessageId != poison.MessageId).ToList();
            if (others.Count > 0)
            {
                await consumer.AckAsync(others, patience.Token);
            }
        }

        Assert.True(recorder.Sum("rocketmq.broker.transaction.checks", ("rocketmq.check.outcome", "sent")) >= 1);
        Assert.Equal(3, recorder.Sum("rocketmq.broker.transaction.ended", ("rocketmq.transaction.resolution", "commit"), ("rocketmq.transaction.source", "client")));
        Assert.True(recorder.Sum("rocketmq.broker.redeliveries", ("messaging.consumer.group.name", "points-service")) >= 1);
        Assert.Equal(1, recorder.Sum("rocketmq.broker.dead_letters", ("messaging.destination.name", BrokerHarness.TransactionTopic), ("messaging.consumer.group.name", "points-service")));
    }

    /// <summary>Records the measurements of one meter's instruments (a histogram's as one each).</summary>
    internal sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

        public MeasurementRecorder(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            {
                lock (_measurements)
                {
                    _measurements.Add((instrument.Name, value, tags.ToArray()));
                }
            }

            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
            // A duration's value varies from run to run; what a test can assert is how many were recorded, so each counts one.
            _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, 1, tags));
            _listener.Start();
        }

        /// <summary>Reads the gauges now; only their measurements of this collection.</summary>
        public Gauges Observe()
        {
            lock (_measurements)
            {
                _measurements.RemoveAll(m => m.Instrument.StartsWith("rocketmq.broker.messages", StringComparison.Ordinal)
                    || m.Instrument.Contains("half_messages", StringComparison.Ordinal) || m.Instrument.EndsWith("segments", StringComparison.Ordinal));
            }

            _listener.RecordObservableInstruments();
            lock (_measurements)
            {
                return new Gauges([.. _measurements]);
            }
        }

        public long Sum(string instrument, params (string Key, string Value)[] tags)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Instrument == instrument && Matches(m.Tags, tags)).Sum(m => m.Value);
            }
        }

        public void Dispose() => _listener.Dispose();

        public static bool Matches(KeyValuePair<string, object?>[] tags, (string Key, string Value)[] wanted) =>
            wanted.All(w => tags.Any(t => t.Key == w.Key && Equals(t.Value, w.Value)));
    }

    internal sealed record Gauges(IReadOnlyList<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> Measurements)
    {
        public long Single(string instrument, params (string Key, string Value)[] tags) =>
            Assert.Single(Measurements, m => m.Instrument == instrument && MeasurementRecorder.Matches(m.Tags, tags)).Value;
    }
}
