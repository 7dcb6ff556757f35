using Apache.Rocketmq.V2;
using Grpc.Core;
using PointsDemo.RocketMq.DevBroker.Clients;
using PointsDemo.RocketMq.DevBroker.Consuming;
using PointsDemo.RocketMq.DevBroker.Validation;

namespace PointsDemo.RocketMq.DevBroker.Grpc;

internal sealed partial class MessagingServiceImpl
{
    /// <summary>Keeps a known client alive; one that never sent settings is UNRECOGNIZED_CLIENT_TYPE (40015).</summary>
    public override Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var session = RequireSession(context);
        if (session.ClientType is ClientType.PushConsumer or ClientType.SimpleConsumer)
        {
            ResourceNames.CheckGroup(request.Group);
        }

        session.Touch(broker.Time.GetUtcNow());
        return Task.FromResult(new HeartbeatResponse { Status = Statuses.Ok() });
    }

    /// <summary>Forgets the client: its settings and its stream. Unknown clients are UNRECOGNIZED_CLIENT_TYPE (40015).</summary>
    public override Task<NotifyClientTerminationResponse> NotifyClientTermination(NotifyClientTerminationRequest request, ServerCallContext context)
    {
        var session = RequireSession(context);
        if (session.ClientType is ClientType.PushConsumer or ClientType.SimpleConsumer)
        {
            ResourceNames.CheckGroup(request.Group);
        }

        if (broker.Clients.Remove(session.ClientId))
        {
            BrokerLog.ClientTerminated(logger, session.ClientId);
        }

        return Task.FromResult(new NotifyClientTerminationResponse { Status = Statuses.Ok() });
    }

    /// <summary>
    /// The client's command stream: every settings frame is answered at once with the merged
    /// settings (status OK), and the stream is kept as the way to send the client check-backs.
    /// Bad settings end the stream with a gRPC error, as the proxy does; when the client ends its
    /// side, the broker ends its own.
    /// </summary>
    public override async Task Telemetry(IAsyncStreamReader<TelemetryCommand> requestStream, IServerStreamWriter<TelemetryCommand> responseStream, ServerCallContext context)
    {
        var clientId = ClientId(context);
        using var channel = new TelemetryChannel(clientId, responseStream, context.CancellationToken);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, broker.Stopping);
        try
        {
            while (await requestStream.MoveNext(ending.Token))
            {
                if (requestStream.Current.CommandCase == TelemetryCommand.CommandOneofCase.Settings)
                {
                    await OnSettingsAsync(clientId, requestStream.Current.Settings, channel, context);
                }

                // Other frames answer commands this broker never sends (thread stacks, message verification).
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && ending.IsCancellationRequested)
        {
            // The client went away without ending its side, or the broker is stopping.
        }
        finally
        {
            if (broker.Clients.Find(clientId) is { } session)
            {
                session.Detach(channel);
            }

            BrokerLog.ClientDisconnected(logger, clientId);
        }
    }

    private async Task OnSettingsAsync(string clientId, Settings settings, TelemetryChannel channel, ServerCallContext context)
    {
        if (SettingsError(settings) is { } error)
        {
            BrokerLog.SettingsRefused(logger, clientId, error.Status.Detail);
            throw error;
        }

        if (broker.Clients.Register(clientId, settings, channel, broker.Time.GetUtcNow()))
        {
            var role = settings.PubSubCase == Settings.PubSubOneofCase.Publishing
                ? "topics: " + string.Join(", ", settings.Publishing.Topics.Select(t => t.Name))
                : $"group {settings.Subscription.Group?.Name}, subscriptions: {string.Join(", ", settings.Subscription.Subscriptions.Select(s => $"{s.Topic?.Name} [{s.Expression?.Expression}]"))}";
            BrokerLog.ClientConnected(
                logger, clientId, settings.ClientType, role, RequestMetadata.Language(context) ?? "?", RequestMetadata.ClientVersion(context) ?? "?");
        }
        else
        {
            BrokerLog.SettingsRefreshed(logger, clientId);
        }

        await channel.TryWriteAsync(new TelemetryCommand { Status = Statuses.Ok(), Settings = SettingsAnswer.For(settings, Options) });
    }

    /// <summary>The gRPC error the proxy ends the stream with for these settings, or null when they are fine.</summary>
    private static RpcException? SettingsError(Settings settings)
    {
        static RpcException Invalid(string detail) => new(new global::Grpc.Core.Status(StatusCode.InvalidArgument, detail));

        try
        {
            switch (settings.PubSubCase)
            {
                case Settings.PubSubOneofCase.Publishing:
                    foreach (var topic in settings.Publishing.Topics)
                    {
                        ResourceNames.CheckTopic(topic);
                    }

                    return null;
                case Settings.PubSubOneofCase.Subscription:
                    ResourceNames.CheckGroup(settings.Subscription.Group);
                    foreach (var subscription in settings.Subscription.Subscriptions)
                    {
                        ResourceNames.CheckTopic(subscription.Topic);
                        TagFilter.Parse(subscription.Expression);
                    }

                    return null;
                default:
                    return Invalid("there is no publishing or subscription data in settings");
            }
        }
        catch (StatusException refused)
        {
            return Invalid($"process client telemetryCommand failed. {refused.Code}: {refused.Message}");
        }
    }

    private ClientSession RequireSession(ServerCallContext context) =>
        broker.Clients.Find(ClientId(context))
        ?? throw new StatusException(Code.UnrecognizedClientType, "cannot find client settings for this client");
}
