// One client's transactional sends against a running broker: begin, send the half message,
// commit, from concurrent senders, a warm-up and then a measured window. Prints the rate, the
// latency, the CPU spent and the bytes allocated per transaction, then a last line for scripts:
// `result client=<name> transactions=<n> seconds=<s> per-second=<rate>`.
//
//   ClientBench --client ours|official --endpoint 127.0.0.1:8081 [--senders 16] [--warmup 10]
//               [--duration 20] [--broker-pid <pid>]
//
// The broker needs the TRANSACTION topic bench-transactions; ../compare-clients.sh starts the
// dev broker that way, in a process of its own, and passes its pid so its CPU is counted too.
using System.Diagnostics;
using System.Globalization;
using PointsDemo.ClientBench;

string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

var client = Value("--client");
var endpoint = Value("--endpoint");
if (client is null || endpoint is null)
{
    Console.Error.WriteLine("usage: ClientBench --client ours|official --endpoint <host:port> [--senders 16] [--warmup 10] [--duration 20] [--broker-pid <pid>]");
    return 2;
}

var senders = Number("--senders", 16);
var warmup = TimeSpan.FromSeconds(Number("--warmup", 10));
var duration = TimeSpan.FromSeconds(Number("--duration", 20));
using var brokerProcess = Value("--broker-pid") is { } pid ? Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture)) : null;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var sender = client switch
{
    "ours" => await OurSender.StartAsync(endpoint, stop.Token),
#if OFFICIAL_CLIENT
    "official" => await OfficialSender.StartAsync(endpoint),
#else
    "official" => throw new InvalidOperationException("Built without the official client: tools/compare-clients.sh --csharp <checkout of apache/rocketmq-clients> builds it in."),
#endif
    _ => throw new ArgumentException($"--client is ours or official (was '{client}')."),
};
var result = await SendLoop.RunAsync(sender, senders, warmup, duration, brokerProcess, stop.Token);

var invariant = CultureInfo.InvariantCulture;
var brokerCpu = result.BrokerCpuMicroseconds is { } broker ? string.Create(invariant, $", broker {broker:0} µs") : "";
Console.WriteLine(string.Create(invariant,
    $"{client}: {senders} senders, {warmup.TotalSeconds:0} s warm-up, {result.Transactions:N0} transactions in {result.Seconds:0.0} s = {result.PerSecond:N1}/s, p50 {result.P50Milliseconds:0.00} ms, p99 {result.P99Milliseconds:0.00} ms, CPU per transaction: client {result.ClientCpuMicroseconds:0} µs{brokerCpu}, allocated {result.AllocatedBytes:N0} bytes"));
Console.WriteLine(string.Create(invariant,
    $"result client={client} transactions={result.Transactions} seconds={result.Seconds:0.000} per-second={result.PerSecond:0.0} client-cpu-us={result.ClientCpuMicroseconds:0.0} broker-cpu-us={result.BrokerCpuMicroseconds ?? 0:0.0} allocated-bytes={result.AllocatedBytes:0}"));
return 0;
