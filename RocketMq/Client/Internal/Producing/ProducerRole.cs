using System.Collections.Concurrent;
using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq.Internal.Producing;

/// <summary>
/// The producer's side of the lifecycle: PRODUCER settings listing its topics (so check-backs
/// reach it), the publishing settings it adopts, and check-backs handed to the checker.
/// </summary>
internal sealed class ProducerRole : IClientRole
{
    private readonly ClientContext _context;
    private readonly TransactionChecks _checks;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _topics = new(StringComparer.Ordinal);

    public ProducerRole(ClientContext context, ProducerOptions options, TransactionChecks checks, ILogger logger)
    {
        _context = context;
        _checks = checks;
        _logger = logger;
        Publishing = new PublishingSettings(options.MaxAttempts);
        foreach (var topic in options.Topics)
        {
            _topics.TryAdd(topic, 0);
        }
    }

    public PublishingSettings Publishing { get; }

    public ClientType ClientType => ClientType.Producer;

    public Resource? Group => null;

    public IReadOnlyCollection<string> Topics => [.. _topics.Keys];

    /// <summary>Adds a topic to the declared ones; true when it is new (the settings must be re-sent).</summary>
    public bool Declare(string topic)
    {
        if (!_topics.TryAdd(topic, 0))
        {
            return false;
        }

        ClientLog.TopicDeclared(_logger, topic);
        return true;
    }

    public Settings CreateSettings()
    {
        var settings = _context.BaseSettings(ClientType.Producer);
        settings.BackoffPolicy = Publishing.Backoff.ToProto();
        settings.Publishing = new Publishing { ValidateMessageType = Publishing.ValidateMessageType };
        settings.Publishing.Topics.AddRange(_topics.Keys.Select(_context.Resource));
        return settings;
    }

    public void ApplyServerSettings(Settings settings) => Publishing.Apply(settings, _logger);

    public void OnOrphanedTransaction(RecoverOrphanedTransactionCommand command, Endpoint endpoint) => _checks.Dispatch(command, endpoint);

    public async Task DrainAsync()
    {
        await _checks.DrainAsync();
        _checks.Dispose();
    }
}
