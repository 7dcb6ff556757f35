using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.DevBroker.Clients;
using PointsDemo.RocketMq.DevBroker.Consuming;
using PointsDemo.RocketMq.DevBroker.Storage;
using PointsDemo.RocketMq.DevBroker.Transactions;
using PointsDemo.RocketMq.DevBroker.Validation;

namespace PointsDemo.RocketMq.DevBroker;

/// <summary>Everything the broker holds, shared by the gRPC service, the check-back scheduler and the inspector.</summary>
internal sealed class BrokerState : IDisposable
{
    /// <summary>The broker name routes carry (the distribution's <c>broker.conf</c> default).</summary>
    public const string BrokerName = "broker-a";

    private readonly CancellationTokenSource _stopping = new();

    public BrokerState(DevBrokerOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Options = options;
        Time = time;
        StartedAt = time.GetUtcNow();
        Topics = new TopicStore(options.Topics, () => Endpoint, time);
        Groups = new ConsumerGroups(options.ConsumerGroups, Topics);
        Tokens = new TransactionTokens(time);
        Validator = new MessageValidator(options.MaxMessageSize, time);
        CheckBacks = new CheckBackScheduler(Halves, Tokens, Clients, options, time, loggerFactory.CreateLogger<CheckBackScheduler>());
    }

    public DevBrokerOptions Options { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The gRPC endpoint (<c>127.0.0.1:port</c>), known once Kestrel has bound it.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:0";

    public int Port { get; set; }

    /// <summary>The inspection API's port once bound; null when it is off.</summary>
    public int? InspectionPort { get; set; }

    public TopicStore Topics { get; }

    public ConsumerGroups Groups { get; }

    public HalfMessageStore Halves { get; } = new();

    public TransactionTokens Tokens { get; }

    public ClientRegistry Clients { get; } = new();

    public CheckBackScheduler CheckBacks { get; }

    public MessageValidator Validator { get; }

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Cancelled when the broker stops: ends Telemetry streams and long polls so the server can stop at once.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public Task StopAsync() => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();
}
