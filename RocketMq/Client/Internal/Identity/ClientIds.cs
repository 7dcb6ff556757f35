using System.Globalization;
using System.Net;

namespace PointsDemo.RocketMq.Internal.Identity;

/// <summary>
/// Client ids in the official C# form <c>host@pid@instance@base36(ms since 1970)</c>: unique per
/// client instance and stable for its life; the proxy keys the client's settings and Telemetry
/// stream by it.
/// </summary>
internal static class ClientIds
{
    private static int s_instances;

    public static string Next(TimeProvider time) =>
        Format(Dns.GetHostName(), Environment.ProcessId, Interlocked.Increment(ref s_instances), time.GetUtcNow());

    /// <param name="hostName">The machine's host name.</param>
    /// <param name="processId">The process id, in decimal.</param>
    /// <param name="instance">The client instance's number in this process, from 1.</param>
    /// <param name="now">The creation time; its Unix milliseconds in uppercase base 36.</param>
    public static string Format(string hostName, int processId, int instance, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{hostName}@{processId}@{instance}@{ToBase36(now.ToUnixTimeMilliseconds())}");

    public static string ToBase36(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        Span<char> buffer = stackalloc char[16];
        var position = buffer.Length;
        do
        {
            buffer[--position] = Digits[(int)(value % 36)];
            value /= 36;
        }
        while (value > 0);

        return new string(buffer[position..]);
    }
}
