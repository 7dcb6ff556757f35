using Apache.Rocketmq.V2;
using Google.Protobuf.WellKnownTypes;

namespace PointsDemo.RocketMq.DevBroker.Clients;

/// <summary>
/// The proxy's answer to a client's settings (semantics §4): the client's own settings echoed,
/// with the server's values merged in. Producers get the exponential backoff the C# and Java
/// clients insist on and the max body size; consumers get the batch size, the long-polling
/// timeout and the group's retry policy (max attempts and the 18 customized delays).
/// </summary>
internal static class SettingsAnswer
{
    public const int ProducerMaxAttempts = 3;
    public const int ReceiveBatchSize = 32;

    /// <summary>The consumer group's default retry delays (<c>CustomizedRetryPolicy</c>).</summary>
    private static readonly TimeSpan[] GroupRetryDelays =
    [
        .. new[] { 1, 5, 10, 30 }.Select(s => TimeSpan.FromSeconds(s)),
        .. Enumerable.Range(1, 10).Select(m => TimeSpan.FromMinutes(m)),
        TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
    ];

    public static Settings For(Settings client, DevBrokerOptions options)
    {
        var answer = client.Clone();
        answer.Metric = new Metric { On = false };
        if (answer.PubSubCase == Settings.PubSubOneofCase.Publishing)
        {
            answer.BackoffPolicy = new RetryPolicy
            {
                MaxAttempts = ProducerMaxAttempts,
                ExponentialBackoff = new ExponentialBackoff
                {
                    Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)),
                    Max = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
                    Multiplier = 2,
                },
            };
            answer.Publishing.ValidateMessageType = true;
            answer.Publishing.MaxBodySize = options.MaxMessageSize;
        }
        else
        {
            answer.Subscription.Fifo = false;
            answer.Subscription.ReceiveBatchSize = ReceiveBatchSize;
            answer.Subscription.LongPollingTimeout = Duration.FromTimeSpan(options.MaxLongPollingTimeout);
            var backoff = new CustomizedBackoff();
            backoff.Next.AddRange(GroupRetryDelays.Select(Duration.FromTimeSpan));
            answer.BackoffPolicy = new RetryPolicy { MaxAttempts = options.MaxDeliveryAttempts, CustomizedBackoff = backoff };
        }

        return answer;
    }
}
