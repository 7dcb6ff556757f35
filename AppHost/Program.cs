using System.Runtime.InteropServices;
using PointsDemo.AppHost.Orchestration;

// dotnet run --project AppHost [-- --mode local|docker ...]: the whole system, until Ctrl+C.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

AppHostSettings settings;
try
{
    settings = CommandLine.Parse(args);
}
catch (FormatException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

// Ctrl+C and SIGTERM both mean "stop everything in order": the handlers only start that, the
// orchestrator does it, and the process exits once the last resource has stopped.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await AppHostRun.RunAsync(settings, stop.Token);
