using System.Globalization;
using System.Text;
using static PointsDemo.Bench.Results.Targets;

namespace PointsDemo.Bench.Results;

/// <summary>The run as a Markdown table (it reads as well in a terminal as in the README), then the targets.</summary>
internal static class ReportTable
{
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<(string What, string Value)>();
        if (report.StartSeconds is { } start)
        {
            rows.Add(("Start to healthy", $"{start:0.0} s"));
        }

        if (report.Idle is { } idle)
        {
            rows.Add(($"Idle, {idle.Accepted} registrations one at a time: registration → points visible p50 / max", $"{Ms(idle.PointsVisible.P50)} / {Ms(idle.PointsVisible.Max)}"));
        }

        if (report.Max is { } max)
        {
            var how = max.TargetRate is { } rate ? $"at {Format(rate)}/s asked" : "as fast as it goes";
            rows.Add(($"Registrations accepted ({max.Clients} clients, {how})", $"{Format(max.AcceptedPerSecond)}/s ({max.Accepted:N0} in {max.Seconds:0.0} s)"));
            AddPhaseRows(rows, max, "");
        }

        if (report.HalfRate is { } half)
        {
            rows.Add(($"Half rate ({Format(half.TargetRate ?? 0)}/s asked)", $"{Format(half.AcceptedPerSecond)}/s accepted"));
            AddPhaseRows(rows, half, " at half rate");
        }

        if (report.Ceiling is { } ceiling)
        {
            rows.Add(($"Database ceiling (Npgsql, {ceiling.Workers} workers, both transactions)", $"{Format(ceiling.RegistrationsPerSecond)} registrations/s, p99 {Ms(ceiling.Latency.P99)}"));
        }

        if (report.RatioToCeiling is { } ratio)
        {
            rows.Add(("Registrations/s ÷ ceiling", ratio.ToString("0.00", CultureInfo.InvariantCulture)));
        }

        if (report.Client is { } client)
        {
            rows.Add(($"RocketMQ client alone: transactional sends ({client.Senders} senders)", $"{Format(client.TransactionalSendsPerSecond)}/s, p99 {Ms(client.SendLatency.P99)}"));
            rows.Add(($"RocketMQ client alone: consumed ({client.Receivers} receivers × batch {client.ReceiveBatch}, ack each)", $"{Format(client.ConsumedPerSecond)}/s"));
        }

        var text = new StringBuilder();
        text.AppendLine("| Measure | Result |").AppendLine("|---|---|");
        foreach (var (what, value) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {value} |");
        }

        text.AppendLine().AppendLine("| Target | Measured | Met |").AppendLine("|---|---|---|");
        foreach (var target in report.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {target.Target} | {target.Measured} | {target.Met switch { true => "yes", false => "no", null => "—" }} |");
        }

        var load = report.Machine.LoadAverageAtEnd;
        var destination = report.Settings.System == "deployed" ? "an OTLP receiver" : "the dashboard";
        var traces = report.Settings.TraceSampling is { } sampling ? $"; {RunSettings.DescribeTraces(sampling, destination)}" : "";
        text.AppendLine().Append(CultureInfo.InvariantCulture, $"{report.Machine.Cores} cores, {report.Machine.Os}{traces}; load average at the end {string.Join(" ", load.Select(l => l.ToString("0.00", CultureInfo.InvariantCulture)))}.");
        return text.ToString();
    }

    private static void AddPhaseRows(List<(string, string)> rows, PhaseResult phase, string suffix)
    {
        rows.Add(($"POST /users latency p50 / p95 / p99 / max{suffix}", $"{Ms(phase.Post.P50)} / {Ms(phase.Post.P95)} / {Ms(phase.Post.P99)} / {Ms(phase.Post.Max)}"));
        var missing = phase.PointsMissing > 0 ? $" ({phase.PointsMissing} never visible)" : "";
        rows.Add(($"Registration → points visible p50 / p95 / p99{suffix}", $"{Ms(phase.PointsVisible.P50)} / {Ms(phase.PointsVisible.P95)} / {Ms(phase.PointsVisible.P99)}{missing}"));
        var errors = phase.Errors.Count == 0 ? "0" : string.Join(", ", phase.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Value} × {e.Key}"));
        if (phase.CpuMsPerRegistration.Count > 0)
        {
            rows.Add(($"CPU per registration{suffix}", string.Join(", ", phase.CpuMsPerRegistration.Select(c => $"{c.Key} {c.Value:0.00} ms")) +
                $" (total {phase.CpuMsPerRegistration.Values.Sum():0.00} ms)"));
        }

        if (phase.JournalFlushesPerSecond is { } flushes)
        {
            rows.Add(($"Broker journal fsyncs / records per fsync{suffix}", $"{flushes:N0}/s / {phase.JournalRecordsPerFlush:0.0}"));
        }

        rows.Add(($"Redelivered messages / errors{suffix}", $"{phase.Redelivered?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} / {errors}"));
    }
}
