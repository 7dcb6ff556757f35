using System.Text.RegularExpressions;
using PointsDemo.AppHost.Dashboard.Catalog;

namespace PointsDemo.AppHost.Orchestration;

/// <summary>
/// Every resource's output on one console, each line prefixed with the resource's name in a colour
/// of its own, and the same lines kept for the dashboard's console logs page.
/// </summary>
internal sealed partial class ResourceConsole(ConsoleLogStore store, TimeProvider time, TextWriter? output = null)
{
    public const string AppHostResource = "apphost";

    private static readonly ConsoleColor[] Colors =
        [ConsoleColor.Cyan, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Green, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkYellow];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConsoleColor> _colors = new(StringComparer.Ordinal);
    private readonly TextWriter _output = output ?? Console.Out;
    private readonly bool _colored = output is null && !Console.IsOutputRedirected;

    public void Write(string resource, string text, bool isError = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = AnsiEscape().Replace(text, "");
        store.Add(new ConsoleLine(time.GetUtcNow(), resource, plain, isError));
        lock (_gate)
        {
            if (!_colors.TryGetValue(resource, out var color))
            {
                color = Colors[_colors.Count % Colors.Length];
                _colors[resource] = color;
            }

            var prefix = $"{resource,-15}| ";
            if (_colored)
            {
                Console.ForegroundColor = resource == AppHostResource ? ConsoleColor.White : color;
                _output.Write(prefix);
                Console.ForegroundColor = isError ? ConsoleColor.Red : ConsoleColor.Gray;
                _output.WriteLine(plain);
                Console.ResetColor();
            }
            else
            {
                _output.WriteLine(prefix + plain);
            }
        }
    }

    /// <summary>Lines from the AppHost itself (what it starts, waits for, stops).</summary>
    public void Say(string text) => Write(AppHostResource, text);

    public void Warn(string text) => Write(AppHostResource, text, isError: true);

    /// <summary>Writes a block (the summary table) without prefixes, to be read as one piece.</summary>
    public void WriteBlock(string block)
    {
        lock (_gate)
        {
            _output.WriteLine(block);
        }
    }

    // Children may colour their output; the dashboard and redirected output want plain text.
    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
