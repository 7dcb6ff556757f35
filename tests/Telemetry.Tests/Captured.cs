namespace PointsDemo.Telemetry.Tests;

/// <summary>
/// What an in-memory exporter collected. Exporters add from the threads that end spans or flush
/// metrics while a test reads, so every access takes the lock and reads return a copy.
/// </summary>
internal sealed class Captured<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>A copy of what was collected so far.</summary>
    public IReadOnlyList<T> Now()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item) => Now().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Now().ToList().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Now().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
