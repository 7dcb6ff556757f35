using System.Diagnostics;
using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PointsDemo.RocketMq.Internal;
using PointsDemo.RocketMq.Internal.Consuming;
using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Lifecycle;
using PointsDemo.RocketMq.Internal.Timing;
using PointsDemo.RocketMq.Internal.Transport;
using PointsDemo.RocketMq.Internal.Validation;
using ProtoMessage = Apache.Rocketmq.V2.Message;

namespace PointsDemo.RocketMq;

/// <summary>
/// Receives messages of a consumer group in batches and acks each once it is processed. A
/// received message stays invisible to the group for the invisible duration; unacked, it comes
/// back with <see cref="MessageView.DeliveryAttempt"/> one higher, and past the group's max
/// attempts the broker moves it to the dead-letter topic <c>%DLQ%&lt;group&gt;</c> (or
/// <see cref="ForwardToDeadLetterQueueAsync"/> moves it there at once). Long-lived and thread-safe (receives may run concurrently); dispose it at shutdown.
/// </summary>
public sealed partial class SimpleConsumer : IAsyncDisposable, IBrokerProbe
{
    /// <summary>The most messages one receive returns (the proxy caps batches at 32).</summary>
    public const int MaxBatchSize = 32;

    private readonly ClientRuntime _runtime;
    private readonly KeyValuePair<string, string>[] _subscriptions;
    private readonly Resource _group;
    private readonly TimeSpan _awaitDuration;
    private readonly ILogger _logger;
    private readonly ConsumerRole _role;
    private int _nextSubscription = -1;

    /// <summary>Creates a consumer; call <see cref="StartAsync"/> (the hosted service does) before use.</summary>
    /// <param name="options">Where the broker is, and how to talk to it.</param>
    /// <param name="consumerOptions">The group, subscriptions and long-polling time.</param>
    /// <param name="loggerFactory">Where the client logs; nowhere by default.</param>
    /// <param name="timeProvider">The clock of background intervals; the system clock by default.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are not valid.</exception>
    public SimpleConsumer(RocketMqOptions options, SimpleConsumerOptions consumerOptions, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(options, consumerOptions, loggerFactory, timeProvider, ClientIntervals.Default)
    {
    }

    internal SimpleConsumer(
        RocketMqOptions options,
        SimpleConsumerOptions consumerOptions,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        ClientIntervals intervals)
    {
        OptionsCheck.ThrowIfInvalid(options, new RocketMqOptionsValidator());
        OptionsCheck.ThrowIfInvalid(consumerOptions, new SimpleConsumerOptionsValidator());
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<SimpleConsumer>();
        _subscriptions = [.. consumerOptions.Subscriptions.Select(s => KeyValuePair.Create(s.Key, string.IsNullOrWhiteSpace(s.Value) ? "*" : s.Value.Trim()))];
        _awaitDuration = consumerOptions.AwaitDuration;
        ConsumerGroup = consumerOptions.ConsumerGroup;
        var context = new ClientContext(options, loggerFactory, timeProvider ?? TimeProvider.System);
        _group = context.Resource(ConsumerGroup);
        _role = new ConsumerRole(context, ConsumerGroup, _subscriptions, _awaitDuration);
        _runtime = new ClientRuntime(context, _role, intervals, _logger);
    }

    /// <summary>This client's id (<c>host@pid@instance@time</c>), as the broker knows it.</summary>
    public string ClientId => _runtime.Context.ClientId;

    /// <summary>The consumer group.</summary>
    public string ConsumerGroup { get; }

    /// <summary>
    /// Connects: fetches the routes of the subscribed topics and makes the settings handshake. If
    /// the broker cannot be reached it logs a warning and keeps trying in the background; it does
    /// not fail. Idempotent; operations start the consumer themselves if needed.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the start goes on).</param>
    public Task StartAsync(CancellationToken cancellationToken = default) => _runtime.StartAsync(cancellationToken);

    Task IBrokerProbe.ProbeAsync(CancellationToken cancellationToken) => _runtime.ProbeAsync(cancellationToken);

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> messages from the next subscribed topic,
    /// waiting up to the await duration for some to arrive (long polling). An empty list means
    /// none arrived in time.
    /// </summary>
    /// <param name="maxMessages">1 to <see cref="MaxBatchSize"/>.</param>
    /// <param name="invisibleDuration">How long the messages stay hidden from the group before they are delivered again unless acked (the proxy requires 10 s to 12 h).</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <exception cref="RocketMqException">The broker refused the receive, or could not be reached.</exception>
    public async Task<IReadOnlyList<MessageView>> ReceiveAsync(int maxMessages, TimeSpan invisibleDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(invisibleDuration, TimeSpan.Zero);
        await _runtime.StartAsync(cancellationToken);

        var (topic, expression) = _subscriptions[(int)((uint)Interlocked.Increment(ref _nextSubscription) % (uint)_subscriptions.Length)];
        var route = await _runtime.GetRouteAsync(topic, cancellationToken);
        var queue = route.Next(route.Readable)
            ?? throw new ForbiddenException(RocketMqStatusCode.Forbidden, $"topic {topic} has no readable queue", "ReceiveMessage");
        using var span = Start("receive", MessagingAttributes.Receive, topic, queue.Endpoint);
        try
        {
            var request = new ReceiveMessageRequest
            {
                Group = _group,
                MessageQueue = queue.Queue,
                FilterExpression = new FilterExpression { Type = FilterType.Tag, Expression = expression },
                BatchSize = maxMessages,
                InvisibleDuration = Duration.FromTimeSpan(invisibleDuration),
                AutoRenew = false,
                LongPollingTimeout = Duration.FromTimeSpan(_awaitDuration),
            };
            var messages = await ReceiveFramesAsync(queue.Endpoint, request, cancellationToken);
            var views = new List<MessageView>(messages.Count);
            foreach (var message in messages)
            {
                if (Read(message, queue.Endpoint) is { } view)
                {
                    views.Add(view);
                    if (view.TraceContext is { } sent)
                    {
                        // The receive spans many traces: it links to each message's send.
                        span.Activity?.AddLink(new ActivityLink(sent));
                    }
                }
            }

            span.SetTag(MessagingAttributes.BatchCount, views.Count);
            if (views.Count == 0)
            {
                span.Discard();
                return views;
            }

            var tags = MessagingInstruments.MessageTags(topic, "receive", ConsumerGroup);
            MessagingInstruments.ConsumedMessages.Add(views.Count, tags);
            if (views.Count(view => view.DeliveryAttempt > 1) is > 0 and var redelivered)
            {
                MessagingInstruments.RedeliveredMessages.Add(redelivered, tags);
            }

            return views;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller stopped waiting (a consumer shutting down): nothing failed, and nothing worth a trace.
            span.Discard();
            throw;
        }
        catch (Exception exception)
        {
            span.Fail(exception);
            throw;
        }
    }

    /// <summary>Acks a received message: the group is done with it and it is never delivered again.</summary>
    /// <param name="message">A message this consumer received.</param>
    /// <param name="cancellationToken">Cancels the ack.</param>
    /// <exception cref="BadRequestException">The receipt handle expired (the message became visible again; expect a redelivery).</exception>
    /// <exception cref="RocketMqException">The broker refused the ack, or could not be reached.</exception>
    public async Task AckAsync(MessageView message, CancellationToken cancellationToken = default)
    {
        var handle = ReceiptHandleOf(message);
        using var span = StartSettle("ack", message);
        try
        {
            var request = new AckMessageRequest
            {
                Group = _group,
                Topic = _runtime.Context.Resource(message.Topic),
                Entries = { new AckMessageEntry { MessageId = message.MessageId, ReceiptHandle = handle } },
            };
            var response = await _runtime.Context.UnaryAsync(message.Endpoint, "AckMessage", (client, options) => client.AckMessageAsync(request, options), cancellationToken);
            // The proxy puts each entry's own result in the entry; with one entry the top-level status agrees.
            var failedEntry = response.Entries.FirstOrDefault(e => e.Status is { } status && !StatusErrors.IsSuccess(status.Code));
            StatusErrors.ThrowIfFailed(failedEntry?.Status ?? response.Status, "AckMessage");
            MessagingInstruments.AckedMessages.Add(1, MessagingInstruments.MessageTags(message.Topic, "ack", ConsumerGroup));
        }
        catch (Exception exception)
        {
            span.Fail(exception);
            throw;
        }
    }

    /// <summary>
    /// Hides a received message for another <paramref name="invisibleDuration"/> from now (more time
    /// to process it; zero makes it visible again at once). The message takes the new receipt handle
    /// the broker returns, so a later <see cref="AckAsync(MessageView, CancellationToken)"/> acks this delivery.
    /// </summary>
    /// <param name="message">A message this consumer received.</param>
    /// <param name="invisibleDuration">From zero to 12 hours.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="RocketMqException">The broker refused the change (e.g. an expired handle), or could not be reached.</exception>
    public async Task ChangeInvisibleDurationAsync(MessageView message, TimeSpan invisibleDuration, CancellationToken cancellationToken = default)
    {
        var handle = ReceiptHandleOf(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(invisibleDuration, TimeSpan.Zero);
        using var span = StartSettle("change_invisible_duration", message);
        try
        {
            var request = new ChangeInvisibleDurationRequest
            {
                Group = _group,
                Topic = _runtime.Context.Resource(message.Topic),
                ReceiptHandle = handle,
                InvisibleDuration = Duration.FromTimeSpan(invisibleDuration),
                MessageId = message.MessageId,
            };
            var response = await _runtime.Context.UnaryAsync(
                message.Endpoint, "ChangeInvisibleDuration", (client, options) => client.ChangeInvisibleDurationAsync(request, options), cancellationToken);
            StatusErrors.ThrowIfFailed(response.Status, "ChangeInvisibleDuration");
            if (!string.IsNullOrEmpty(response.ReceiptHandle))
            {
                message.ReceiptHandle = response.ReceiptHandle;
            }

            if (_role.MaxDeliveryAttempts is { } maxAttempts && message.DeliveryAttempt >= maxAttempts)
            {
                // Given back on its last allowed delivery: the broker dead-letters it instead of delivering it again.
                MessagingInstruments.DeadLetteredMessages.Add(1, MessagingInstruments.MessageTags(message.Topic, "change_invisible_duration", ConsumerGroup));
            }
        }
        catch (Exception exception)
        {
            span.Fail(exception);
            throw;
        }
    }

    /// <summary>Tells the broker this client is leaving, closes its streams and channels. Unacked messages come back after their invisible duration.</summary>
    public ValueTask DisposeAsync() => _runtime.DisposeAsync();

    private MessagingActivity Start(string operation, string operationType, string topic, Endpoint endpoint) =>
        MessagingActivity.Start(operation, operationType, ActivityKind.Client, topic, endpoint, ClientId)
            .SetTag(MessagingAttributes.ConsumerGroup, ConsumerGroup);

    private MessagingActivity StartSettle(string operation, MessageView message) =>
        Start(operation, MessagingAttributes.Settle, message.Topic, message.Endpoint)
            .SetMessage(message.MessageId, message.Tag, message.Keys)
            .SetTag(MessagingAttributes.DeliveryAttempt, message.DeliveryAttempt);

    private string ReceiptHandleOf(MessageView message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _runtime.ThrowIfDisposed();
        return message.ReceiptHandle
            ?? throw new ArgumentException("The message was not received by a consumer: it has no receipt handle.", nameof(message));
    }

    /// <summary>
    /// Reads the response stream: a status frame, message frames and a delivery timestamp, in any
    /// order; the last status counts. MESSAGE_NOT_FOUND means nothing arrived within the poll.
    /// </summary>
    private async Task<IReadOnlyList<ProtoMessage>> ReceiveFramesAsync(Endpoint endpoint, ReceiveMessageRequest request, CancellationToken cancellationToken)
    {
        const string Operation = "ReceiveMessage";
        var context = _runtime.Context;
        Apache.Rocketmq.V2.Status? status = null;
        var messages = new List<ProtoMessage>();
        try
        {
            // The broker holds the call for the await duration; the deadline leaves it a request timeout on top.
            using var call = context.Channels.Get(endpoint).ReceiveMessage(request, context.CallOptions(_awaitDuration + context.Options.RequestTimeout, cancellationToken));
            await foreach (var frame in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                switch (frame.ContentCase)
                {
                    case ReceiveMessageResponse.ContentOneofCase.Status:
                        status = frame.Status;
                        break;
                    case ReceiveMessageResponse.ContentOneofCase.Message:
                        messages.Add(frame.Message);
                        break;
                }
            }
        }
        catch (RpcException exception)
        {
            throw RpcErrors.Map(exception, endpoint, Operation, context.Options.AccessKey);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw RpcErrors.NotAnswered(endpoint, Operation, exception);
        }

        StatusErrors.ThrowIfUnauthorized(status, Operation, context.Options.AccessKey);
        if (status?.Code == Code.MessageNotFound)
        {
            return [];
        }

        StatusErrors.ThrowIfFailed(status, Operation);
        return messages;
    }

    private MessageView? Read(ProtoMessage message, Endpoint endpoint)
    {
        try
        {
            var view = MessageViews.From(message, endpoint);
            if (view.IsCorrupted)
            {
                ClientLog.MessageCorrupted(_logger, view.Topic, view.MessageId);
            }

            return view;
        }
        catch (FormatException exception)
        {
            // Left unacked, it comes back after its invisible duration and ends in the dead-letter queue.
            ClientLog.MessageUnreadable(_logger, endpoint, exception);
            return null;
        }
    }
}
