using Microsoft.Extensions.Logging;

namespace PointsDemo.RocketMq.DevBroker.Diagnostics;

/// <summary>Hands the embedded web host's loggers to the factory the broker was given, so its filters apply on top.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to whoever started the broker.
    }
}
