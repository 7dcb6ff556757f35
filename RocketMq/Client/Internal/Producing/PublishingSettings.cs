using Apache.Rocketmq.V2;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.Internal.Timing;

namespace PointsDemo.RocketMq.Internal.Producing;

/// <summary>
/// What a producer takes from the broker's settings answer: the retry backoff (exponential only,
/// keeping its own attempt count), the max body size and whether to check message types.
/// Until the answer arrives: immediate retries, 4 MiB, checks on.
/// </summary>
internal sealed class PublishingSettings(int maxAttempts)
{
    public const int DefaultMaxBodySize = 4 * 1024 * 1024;

    private volatile BackoffPolicy _backoff = BackoffPolicy.Immediate(maxAttempts);
    private volatile int _maxBodySize = DefaultMaxBodySize;
    private volatile bool _validateMessageType = true;

    public int MaxAttempts => maxAttempts;

    public BackoffPolicy Backoff => _backoff;

    public int MaxBodySize => _maxBodySize;

    public bool ValidateMessageType => _validateMessageType;

    public void Apply(Settings settings, ILogger logger)
    {
        if (settings.PubSubCase != Settings.PubSubOneofCase.Publishing)
        {
            return;
        }

        if (BackoffPolicy.FromServer(settings.BackoffPolicy, maxAttempts) is { } backoff)
        {
            _backoff = backoff;
        }
        else
        {
            ClientLog.BackoffNotAdopted(logger);
        }

        // A zero would refuse every body; keep the default rather than trust it.
        if (settings.Publishing.MaxBodySize > 0)
        {
            _maxBodySize = settings.Publishing.MaxBodySize;
        }

        _validateMessageType = settings.Publishing.ValidateMessageType;
    }
}
