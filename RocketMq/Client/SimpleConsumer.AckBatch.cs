using System.Diagnostics;
using Apache.Rocketmq.V2;
using PointsDemo.RocketMq.Internal.Diagnostics;
using PointsDemo.RocketMq.Internal.Transport;

namespace PointsDemo.RocketMq;

/// <content>Acking many messages in one request per topic.</content>
public sealed partial class SimpleConsumer
{
    /// <summary>
    /// Acks many received messages at once: one AckMessage request per topic and broker carries
    /// all of their entries, and the broker answers each entry on its own. Per-message refusals
    /// (an expired receipt handle) and the failure of a whole request (the broker unreachable) do
    /// not throw: they come back in <see cref="AckBatchResult.Failures"/>, and those messages are
    /// delivered again after their invisible duration, as any unacked message is.
    /// </summary>
    /// <param name="messages">Messages this consumer received; an empty list sends nothing.</param>
    /// <param name="cancellationToken">Cancels the acks (those the broker already applied stay applied).</param>
    /// <returns>Which messages were acked and which were not, with why.</returns>
    /// <exception cref="ArgumentException">A message was not received by a consumer.</exception>
    /// <exception cref="ObjectDisposedException">The consumer is disposed.</exception>
    /// <exception cref="OperationCanceledException">The acks were cancelled.</exception>
    public async Task<AckBatchResult> AckAsync(IReadOnlyList<MessageView> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var handles = messages.Select(ReceiptHandleOf).ToList();
        if (messages.Count == 0)
        {
            return new AckBatchResult([], []);
        }

        // An AckMessageRequest names one topic, and goes to the broker the messages came from.
        var requests = messages.Select((message, index) => (Message: message, Handle: handles[index]))
            .GroupBy(entry => (entry.Message.Topic, entry.Message.Endpoint))
            .Select(group => AckEntriesAsync(group.Key.Topic, group.Key.Endpoint, [.. group], cancellationToken))
            .ToList();
        var outcomes = await Task.WhenAll(requests);
        return new AckBatchResult(
            [.. outcomes.SelectMany(outcome => outcome.Acked)],
            [.. outcomes.SelectMany(outcome => outcome.Failures)]);
    }

    private async Task<(List<MessageView> Acked, List<AckFailure> Failures)> AckEntriesAsync(
        string topic, Endpoint endpoint, List<(MessageView Message, string Handle)> entries, CancellationToken cancellationToken)
    {
        using var span = Start("ack", MessagingAttributes.Settle, topic, endpoint).SetTag(MessagingAttributes.BatchCount, entries.Count);
        if (entries is [var (single, _)])
        {
            span.SetMessage(single.MessageId, single.Tag, single.Keys).SetTag(MessagingAttributes.DeliveryAttempt, single.DeliveryAttempt);
        }

        var request = new AckMessageRequest { Group = _group, Topic = _runtime.Context.Resource(topic) };
        foreach (var (message, handle) in entries)
        {
            request.Entries.Add(new AckMessageEntry { MessageId = message.MessageId, ReceiptHandle = handle });
            if (span.Activity is { IsAllDataRequested: true } activity && message.TraceContext is { } sent)
            {
                // One ack settles many traces: it links to each message's send, as the receive does.
                activity.AddLink(new ActivityLink(sent));
            }
        }

        var acked = new List<MessageView>(entries.Count);
        var failures = new List<AckFailure>();
        try
        {
            var response = await _runtime.Context.UnaryAsync(endpoint, "AckMessage", (client, options) => client.AckMessageAsync(request, options), cancellationToken);
            var results = new Dictionary<string, Apache.Rocketmq.V2.Status>(StringComparer.Ordinal);
            foreach (var result in response.Entries.Where(result => result.Status is not null))
            {
                results.TryAdd(result.ReceiptHandle, result.Status);
            }

            foreach (var (message, handle) in entries)
            {
                // Without an entry of its own, the request's status speaks for it (a refusal of the whole request).
                var status = results.GetValueOrDefault(handle) ?? response.Status;
                if (status is not null && StatusErrors.IsSuccess(status.Code) && (results.ContainsKey(handle) || status.Code == Code.Ok))
                {
                    acked.Add(message);
                }
                else
                {
                    failures.Add(new AckFailure(message, StatusErrors.Create(
                        status?.Code ?? Code.InternalServerError, status?.Message ?? "the broker answered no status for the entry", "AckMessage")));
                }
            }
        }
        catch (RocketMqException exception)
        {
            failures.AddRange(entries.Select(entry => new AckFailure(entry.Message, exception)));
        }

        if (failures.Count > 0)
        {
            span.Fail(failures[0].Exception);
        }

        if (acked.Count > 0)
        {
            MessagingInstruments.AckedMessages.Add(acked.Count, MessagingInstruments.MessageTags(topic, "ack", ConsumerGroup));
        }

        return (acked, failures);
    }
}
