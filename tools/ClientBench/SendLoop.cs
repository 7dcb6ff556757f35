using System.Diagnostics;

namespace PointsDemo.ClientBench;

/// <summary>
/// What the measured window gave: transactions, their rate and latency, the CPU each process spent
/// on one, and the bytes the client's process allocated for one (the senders' loop included).
/// </summary>
internal sealed record SendResult(
    long Transactions, double Seconds, double P50Milliseconds, double P99Milliseconds, double ClientCpuMicroseconds, double? BrokerCpuMicroseconds, double AllocatedBytes)
{
    public double PerSecond => Transactions / Seconds;
}

/// <summary>
/// Concurrent senders, each one transaction after another, for the warm-up and then the measured
/// window; only the transactions begun inside the window count, and the window lasts until the last
/// of them has committed. The same loop drives every client.
/// </summary>
internal static class SendLoop
{
    public static async Task<SendResult> RunAsync(ITransactionalSender sender, int senders, TimeSpan warmup, TimeSpan duration, Process? broker, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(warmup);
        var end = measureFrom + Ticks(duration);
        var self = Process.GetCurrentProcess();
        TimeSpan clientCpu = default, brokerCpu = default;
        long allocated = 0;
        var measuring = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var latencies = await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (!cancellationToken.IsCancellationRequested)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= end)
                {
                    break;
                }

                await sender.SendAndCommitAsync(cancellationToken);
                if (began >= measureFrom)
                {
                    mine.Add(Stopwatch.GetTimestamp() - began);
                }
            }

            return mine;
        }, cancellationToken)).Append(Task.Run(async () =>
        {
            // The CPU counters are read at the window's start by a task of their own, so no sender pauses for it.
            await Task.Delay(Stopwatch.GetElapsedTime(start, measureFrom), cancellationToken);
            (clientCpu, brokerCpu, allocated) = (Cpu(self), Cpu(broker), GC.GetTotalAllocatedBytes());
            return new List<long>();
        }, cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(measureFrom).TotalSeconds;
        clientCpu = Cpu(self) - clientCpu;
        brokerCpu = Cpu(broker) - brokerCpu;
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        cancellationToken.ThrowIfCancellationRequested();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : Stopwatch.GetElapsedTime(0, all[(int)Math.Min(all.Length - 1, Math.Ceiling(p * all.Length) - 1)]).TotalMilliseconds;
        double PerTransaction(TimeSpan cpu) => all.Length == 0 ? 0 : cpu.TotalMicroseconds / all.Length;
        return new SendResult(
            all.Length, seconds, Percentile(0.50), Percentile(0.99), PerTransaction(clientCpu), broker is null ? null : PerTransaction(brokerCpu), all.Length == 0 ? 0 : (double)allocated / all.Length);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan Cpu(Process? process)
    {
        if (process is null)
        {
            return default;
        }

        process.Refresh();
        return process.TotalProcessorTime;
    }
}
