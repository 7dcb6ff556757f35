using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PointsDemo.RocketMq.Tests.DevBroker;

/// <summary>The dev broker as its own program (the apphost beside the tests), started with arguments and environment, killed at will.</summary>
internal sealed partial class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BrokerProcess(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>Where it serves gRPC, read from its start-up line.</summary>
    public string Endpoint { get; }

    public static async Task<BrokerProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "RocketMq.DevBroker"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
        {
            if (ServingLine().Match(line) is { Success: true } serving)
            {
                // Keep reading, so a full pipe never blocks the broker's logging.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new BrokerProcess(process, serving.Groups[1].Value);
            }
        }

        throw new InvalidOperationException($"The dev broker exited before serving: {await process.StandardError.ReadToEndAsync(CancellationToken.None)}");
    }

    /// <summary>Ends it at once, as a crash or a power cut would: no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"serving apache\.rocketmq\.v2\.MessagingService on (127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
