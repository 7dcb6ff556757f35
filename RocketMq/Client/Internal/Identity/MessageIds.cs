using System.Buffers.Binary;
using System.Net.NetworkInformation;
using System.Security.Cryptography;

namespace PointsDemo.RocketMq.Internal.Identity;

/// <summary>
/// Message ids in the official version-01 format (protocol "Message ids"): 17 bytes as 34
/// uppercase hex characters: <c>01</c>, a 6-byte MAC address, the low 16 bits of the process id,
/// the low 32 bits of the seconds since 2021-01-01T00:00:00Z, and a per-process sequence number
/// from 1, all big-endian.
/// </summary>
internal sealed class MessageIds
{
    private static readonly DateTimeOffset Epoch = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<MessageIds> LazyShared = new(() => new MessageIds(MachineAddress(), Environment.ProcessId));
    private static int s_sequence;

    private readonly byte[] _machine;
    private readonly int _processId;

    public MessageIds(ReadOnlySpan<byte> macAddress, int processId)
    {
        if (macAddress.Length != 6)
        {
            throw new ArgumentException("A MAC address has 6 bytes.", nameof(macAddress));
        }

        _machine = macAddress.ToArray();
        _processId = processId;
    }

    /// <summary>The process's generator: this machine's MAC address and this process's id.</summary>
    public static MessageIds Shared => LazyShared.Value;

    public string Next(DateTimeOffset now) =>
        Format(_machine, _processId, now, unchecked((uint)Interlocked.Increment(ref s_sequence)));

    public static string Format(ReadOnlySpan<byte> macAddress, int processId, DateTimeOffset time, uint sequence)
    {
        Span<byte> id = stackalloc byte[17];
        id[0] = 0x01;
        macAddress[..6].CopyTo(id[1..7]);
        BinaryPrimitives.WriteUInt16BigEndian(id[7..9], unchecked((ushort)processId));
        var seconds = (long)Math.Floor((time - Epoch).TotalSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(id[9..13], unchecked((uint)seconds));
        BinaryPrimitives.WriteUInt32BigEndian(id[13..17], sequence);
        return Convert.ToHexString(id);
    }

    /// <summary>
    /// The first non-loopback interface's 6-byte address, preferring one that is up; 6 random
    /// bytes (fixed for the process) when there is none, as the official clients do.
    /// </summary>
    private static byte[] MachineAddress()
    {
        try
        {
            var address = NetworkInterface.GetAllNetworkInterfaces()
                .Where(nic => nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .OrderBy(nic => nic.OperationalStatus == OperationalStatus.Up ? 0 : 1)
                .Select(nic => nic.GetPhysicalAddress().GetAddressBytes())
                .FirstOrDefault(bytes => bytes.Length >= 6 && bytes.Any(b => b != 0));
            if (address is not null)
            {
                return address[..6];
            }
        }
        catch (NetworkInformationException)
        {
            // Some sandboxes forbid listing interfaces; fall through to random bytes.
        }

        return RandomNumberGenerator.GetBytes(6);
    }
}
