using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// One service's spans, metrics and logs, collected by in-memory exporters added beside what
/// ServiceDefaults configures. Both services run in one process, so each provider also sees the
/// other's spans from shared sources (ASP.NET Core, Npgsql, the RocketMQ client); only a service's
/// own source (its application name) is its alone.
/// </summary>
internal sealed class TelemetryCapture
{
    private IServiceProvider? _services;

    public Captured<Activity> Spans { get; } = new();

    public Captured<MetricSnapshot> Metrics { get; } = new();

    public Captured<LogRecord> Logs { get; } = new();

    public void AddExporters(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(Logs));
    }

    /// <summary>The started service whose providers <see cref="FlushMetrics"/> flushes.</summary>
    public void Attach(IServiceProvider services) => _services = services;

    /// <summary>Collects the metrics as they are now (the in-memory metric reader exports on flush).</summary>
    public IReadOnlyList<MetricSnapshot> FlushMetrics()
    {
        Metrics.Clear();
        Assert.True(_services!.GetRequiredService<MeterProvider>().ForceFlush(), "the meter provider did not flush");
        return Metrics.Now();
    }

    /// <summary>The points of metric <paramref name="name"/> whose attributes include all of <paramref name="attributes"/>.</summary>
    public static IReadOnlyList<MetricPoint> MetricPoints(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, object Value)[] attributes)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                if (attributes.All(a => tags.TryGetValue(a.Key, out var value) && Equals(value, a.Value)))
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    /// <summary>The values of the log scopes <paramref name="record"/> was written in, by name.</summary>
    public static Dictionary<string, string?> ScopeValues(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var values = new Dictionary<string, string?>();
        record.ForEachScope(
            (scope, state) =>
            {
                foreach (var (key, value) in scope)
                {
                    state[key] = value?.ToString();
                }
            },
            values);
        return values;
    }

    /// <summary>The unit metric <paramref name="name"/> was created with.</summary>
    public static string UnitOf(IReadOnlyList<MetricSnapshot> metrics, string name) =>
        metrics.First(m => m.Name == name).Unit;
}
