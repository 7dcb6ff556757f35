namespace PointsDemo.AppHost.Dashboard.Catalog;

/// <summary>One line a resource wrote to its console (or the AppHost wrote about it).</summary>
internal sealed record ConsoleLine(DateTimeOffset Time, string Resource, string Text, bool IsError);

/// <summary>The last lines of each resource's console output, bounded per resource. Thread-safe.</summary>
internal sealed class ConsoleLogStore(int maxLinesPerResource = 5_000)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<ConsoleLine>> _lines = new(StringComparer.Ordinal);

    public void Add(ConsoleLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_gate)
        {
            if (!_lines.TryGetValue(line.Resource, out var lines))
            {
                lines = new Queue<ConsoleLine>();
                _lines[line.Resource] = lines;
            }

            lines.Enqueue(line);
            if (lines.Count > maxLinesPerResource)
            {
                lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<string> Resources
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public IReadOnlyList<ConsoleLine> For(string resource)
    {
        lock (_gate)
        {
            return _lines.TryGetValue(resource, out var lines) ? [.. lines] : [];
        }
    }
}
