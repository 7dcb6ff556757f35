using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Producing;
using PointsDemo.RocketMq.Internal.Timing;
using PointsDemo.RocketMq.Internal.Transport;
using PointsDemo.RocketMq.Internal.Validation;

namespace PointsDemo.RocketMq;

/// <summary>
/// Publishes messages, plainly or in transactions, and answers the broker's transaction
/// check-backs with the application's <see cref="ITransactionChecker"/>. Long-lived and
/// thread-safe: create one per application (the DI extensions register it as a singleton and
/// start and stop it with the host), dispose it at shutdown.
/// </summary>
/// <example>
/// <code>
/// var transaction = producer.BeginTransaction();
/// await transaction.SendAsync(new Message("user-registered", body) { Keys = [registrationId] }, ct);
/// // ... the local database transaction ...
/// await transaction.CommitAsync(ct);
/// </code>
/// </example>
public sealed class Producer : IAsyncDisposable, IBrokerProbe
{
    private readonly ClientRuntime _runtime;
    private readonly ProducerRole _role;
    private readonly MessageSender _sender;

    /// <summary>Creates a producer; call <see cref="StartAsync"/> (the hosted service does) before use.</summary>
    /// <param name="options">Where the broker is, and how to talk to it.</param>
    /// <param name="producerOptions">The topics to declare, and the send attempts.</param>
    /// <param name="checker">Answers check-backs; required for transactional topics.</param>
    /// <param name="loggerFactory">Where the client logs; nowhere by default.</param>
    /// <param name="timeProvider">The clock of timestamps and background intervals; the system clock by default.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are not valid.</exception>
    public Producer(
        RocketMqOptions options,
        ProducerOptions producerOptions,
        ITransactionChecker? checker = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
        : this(options, producerOptions, checker, loggerFactory, timeProvider, ClientIntervals.Default)
    {
    }

    internal Producer(
        RocketMqOptions options,
        ProducerOptions producerOptions,
        ITransactionChecker? checker,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        ClientIntervals intervals)
    {
        OptionsCheck.ThrowIfInvalid(options, new RocketMqOptionsValidator());
        OptionsCheck.ThrowIfInvalid(producerOptions, new ProducerOptionsValidator());
        loggerFactory ??= NullLoggerFactory.Instance;
        var context = new ClientContext(options, loggerFactory, timeProvider ?? TimeProvider.System);
        var logger = loggerFactory.CreateLogger<Producer>();
        _role = new ProducerRole(context, producerOptions, new TransactionChecks(checker, context, logger), logger);
        _runtime = new ClientRuntime(context, _role, intervals, logger);
        _sender = new MessageSender(_runtime, _role.Publishing, logger);
    }

    /// <summary>This client's id (<c>host@pid@instance@time</c>), as the broker knows it.</summary>
    public string ClientId => _runtime.Context.ClientId;

    /// <summary>
    /// Connects: fetches the routes of the declared topics and makes the settings handshake, so
    /// check-backs can reach this producer. If the broker cannot be reached it logs a warning and
    /// keeps trying in the background; it does not fail. Idempotent; operations start the
    /// producer themselves if needed.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the start goes on).</param>
    public Task StartAsync(CancellationToken cancellationToken = default) => _runtime.StartAsync(cancellationToken);

    Task IBrokerProbe.ProbeAsync(CancellationToken cancellationToken) => _runtime.ProbeAsync(cancellationToken);

    /// <summary>Sends a message (normal, or FIFO when it has a message group).</summary>
    /// <param name="message">What to send.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The broker's receipt.</returns>
    /// <exception cref="RocketMqException">The broker refused the message (a typed subclass), or could not be reached (<see cref="BrokerUnavailableException"/>).</exception>
    public async Task<SendReceipt> SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        await _runtime.StartAsync(cancellationToken);
        var (receipt, _) = await _sender.SendAsync(message, transactional: false, cancellationToken);
        return receipt;
    }

    /// <summary>
    /// Begins a transaction: send its one message (held as a half message, invisible to consumers),
    /// do the local work, then commit or roll back. If neither arrives, the broker asks a producer
    /// of the topic through its <see cref="ITransactionChecker"/>.
    /// </summary>
    public Transaction BeginTransaction()
    {
        _runtime.ThrowIfDisposed();
        return new Transaction(this);
    }

    /// <summary>Tells the broker this client is leaving, closes its streams and channels.</summary>
    public ValueTask DisposeAsync() => _runtime.DisposeAsync();

    internal async Task<(SendReceipt Receipt, Endpoint Endpoint)> SendHalfMessageAsync(Message message, CancellationToken cancellationToken)
    {
        await _runtime.StartAsync(cancellationToken);
        ArgumentNullException.ThrowIfNull(message);
        // Check-backs only reach producers that declared the topic: declare it before its first half message.
        if (_role.Declare(message.Topic))
        {
            await _runtime.SyncSettingsAsync(cancellationToken);
        }

        return await _sender.SendAsync(message, transactional: true, cancellationToken);
    }

    internal Task EndTransactionAsync(string topic, SendReceipt receipt, Endpoint endpoint, TransactionResolution resolution, CancellationToken cancellationToken) =>
        EndTransactionCall.EndAsync(
            _runtime.Context, endpoint, topic, receipt.MessageId, receipt.TransactionId, resolution, TransactionSource.SourceClient, cancellationToken);
}
