using Microsoft.Extensions.Logging;
using PointsDemo.TestSupport;

namespace PointsDemo.RocketMq.Tests.Integration;

/// <summary>Writes the client's and the broker's logs into the running test's output, so a failure explains itself.</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output, LogLevel minimumLevel = LogLevel.Information) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        new LineLogger(categoryName[(categoryName.LastIndexOf('.') + 1)..], minimumLevel, WriteLine);

    public void Dispose()
    {
    }

    private void WriteLine(LogLevel level, string category, string text, Exception? exception)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {level,-11} [{category}] {text}{(exception is null ? "" : " | " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; background work outlived it.
        }
    }
}
