using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PointsDemo.RocketMq.DevBroker.CommandLine;
using PointsDemo.RocketMq.DevBroker.Diagnostics;

namespace PointsDemo.RocketMq.DevBroker;

/// <summary>
/// <c>dotnet run --project RocketMq/DevBroker -- --port 8081 --topic user-registered:TRANSACTION --group points-service</c>:
/// serves until Ctrl+C (or SIGTERM). Bad arguments print the problem and the usage and exit with 2.
/// Logs go to the console, and with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, logs and metrics also go over OTLP.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        DevBrokerOptions options;
        try
        {
            if (DevBrokerArguments.WantsHelp(args))
            {
                await Console.Out.WriteLineAsync(DevBrokerArguments.Usage);
                return 0;
            }

            options = DevBrokerArguments.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            await Console.Error.WriteLineAsync(DevBrokerArguments.Usage);
            return DevBrokerArguments.UsageExitCode;
        }

        using var meters = BrokerTelemetry.CreateMeterProvider();
        using var loggerFactory = BrokerTelemetry.CreateLoggerFactory();
        using var stop = new CancellationTokenSource();
        // Ctrl+C and SIGTERM stop the broker cleanly instead of killing the process.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var broker = await DevBroker.StartAsync(options, loggerFactory, stop.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            loggerFactory.CreateLogger("RocketMq.DevBroker").LogInformation("Stopping");
        }

        return 0;
    }
}
