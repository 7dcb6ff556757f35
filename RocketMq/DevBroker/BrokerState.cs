using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.DevBroker.Clients;
using PointsDemo.RocketMq.DevBroker.Consuming;
using PointsDemo.RocketMq.DevBroker.Diagnostics;
using PointsDemo.RocketMq.DevBroker.Grpc;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Storage.Journal;
using PointsDemo.RocketMq.DevBroker.Transactions;
using PointsDemo.RocketMq.DevBroker.Validation;

namespace PointsDemo.RocketMq.DevBroker;

/// <summary>
/// Everything the broker holds, shared by the gRPC service, the check-back scheduler, the clean-up
/// and the inspector. With a data folder, every change is also journaled there and the state is
/// rebuilt from the journal at start (<see cref="Recover"/>).
/// </summary>
internal sealed class BrokerState : IDisposable
{
    /// <summary>The broker name routes carry (the distribution's <c>broker.conf</c> default).</summary>
    public const string BrokerName = "broker-a";

    private readonly CancellationTokenSource _stopping = new();
    private readonly FileStream? _folderLock;
    private readonly ILogger _logger;

    public BrokerState(DevBrokerOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Options = options;
        Time = time;
        StartedAt = time.GetUtcNow();
        _logger = loggerFactory.CreateLogger<DevBroker>();
        Metrics = new BrokerMetrics(this);
        if (options.DataFolder is { } folder)
        {
            _folderLock = LockFolder(folder);
            Journal = new JournalWriter(JournalFolder, options.SegmentSize, time, _logger, Metrics);
        }

        Topics = new TopicStore(options.Topics, () => Endpoint, time, Journal);
        Groups = new ConsumerGroups(options.ConsumerGroups, Topics, Journal, time, Metrics);
        Halves = new HalfMessageStore(time, Journal);
        Tokens = new TransactionTokens(time);
        Validator = new MessageValidator(options.MaxMessageSize, time);
        Authentication = RequestAuthentication.From(options);
        CheckBacks = new CheckBackScheduler(Halves, Tokens, Clients, options, time, Metrics, loggerFactory.CreateLogger<CheckBackScheduler>());
        Cleanup = new StorageCleanup(this, loggerFactory.CreateLogger<StorageCleanup>());
    }

    public DevBrokerOptions Options { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The gRPC endpoint (<c>127.0.0.1:port</c>), known once Kestrel has bound it.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:0";

    public int Port { get; set; }

    /// <summary>The inspection API's port once bound; null when it is off.</summary>
    public int? InspectionPort { get; set; }

    public BrokerMetrics Metrics { get; }

    /// <summary>Where changes are journaled; null in memory (no data folder).</summary>
    public JournalWriter? Journal { get; }

    public TopicStore Topics { get; }

    public ConsumerGroups Groups { get; }

    public HalfMessageStore Halves { get; }

    public TransactionTokens Tokens { get; }

    public ClientRegistry Clients { get; } = new();

    public CheckBackScheduler CheckBacks { get; }

    public StorageCleanup Cleanup { get; }

    public MessageValidator Validator { get; }

    /// <summary>Checks request signatures; null when the broker has no access key.</summary>
    public RequestAuthentication? Authentication { get; }

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Cancelled when the broker stops: ends Telemetry streams and long polls so the server can stop at once.</summary>
    public CancellationToken Stopping => _stopping.Token;

    private string JournalFolder => Path.Combine(Options.DataFolder!, "journal");

    /// <summary>
    /// Rebuilds the state from the journal, then starts journaling: committed messages not acked
    /// come back (in flight until their invisibility ends), unresolved half messages are checked
    /// again, delayed messages wait again; what was acked, rolled back or resolved stays gone.
    /// Transaction-data records are not kept, as the proxy's are not: a check-back answers for them.
    /// </summary>
    public void Recover()
    {
        if (Journal is null)
        {
            return;
        }

        var replay = new JournalReplay(this);
        var result = JournalRecovery.Recover(JournalFolder, replay, _logger);
        replay.Finish();
        Journal.Start(result.Segments, result.Checkpoint, result.NextSequence);
        // Only now: a delay already due is stored at once, and that needs the journal running.
        Topics.Delays.Start();
        var nowMs = NowMs;
        var groups = Groups.All.Select(g => g.Counts(nowMs)).ToArray();
        BrokerLog.Recovered(
            _logger, Options.DataFolder!, result.Segments.Count, result.Records, Halves.Count,
            Topics.All.Sum(t => t.Retained.Messages), groups.Sum(g => g.Topics.Values.Sum(t => t.InFlight)));
    }

    /// <summary>Takes a half message back from TRANS_CHECK_MAX_TIME_TOPIC; false when none has that id.</summary>
    public async Task<bool> ResumeChecksAsync(string messageId, CancellationToken cancellationToken)
    {
        if (Halves.Resume(messageId, out var durable) is not { } half)
        {
            return false;
        }

        await durable.WaitAsync(cancellationToken);
        BrokerLog.HalfMessageResumed(_logger, messageId, half.Topic, HalfMessageStore.CheckMaxTopic);
        return true;
    }

    public Task StopAsync() => _stopping.CancelAsync();

    public void Dispose()
    {
        Journal?.Dispose();
        _folderLock?.Dispose();
        Metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>One broker per data folder: a second one would interleave its records with the first's.</summary>
    private static FileStream LockFolder(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "journal"));
        try
        {
            return new FileStream(Path.Combine(folder, "broker.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new IOException($"The data folder {folder} is in use by another dev broker.", exception);
        }
    }
}
