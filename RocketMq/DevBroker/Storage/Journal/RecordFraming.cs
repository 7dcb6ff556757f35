using System.Buffers.Binary;
using System.IO.Hashing;
using Google.Protobuf;

namespace PointsDemo.RocketMq.DevBroker.Storage.Journal;

/// <summary>
/// How a record sits in a segment: its length (4 bytes), the CRC-32 of its bytes (4 bytes), then the
/// record. A crash mid-write leaves a last frame that is short or whose checksum does not match;
/// <see cref="TryRead"/> tells such a torn frame from a whole one.
/// </summary>
internal static class RecordFraming
{
    public const int HeaderSize = 8;

    /// <summary>Larger than any record can be (a 130 MiB request at most): a length above it is garbage.</summary>
    public const int MaxRecordSize = 256 * 1024 * 1024;

    public static byte[] Frame(JournalRecord record)
    {
        var size = record.CalculateSize();
        var frame = new byte[HeaderSize + size];
        record.WriteTo(frame.AsSpan(HeaderSize));
        BinaryPrimitives.WriteInt32LittleEndian(frame, size);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(frame.AsSpan(HeaderSize)));
        return frame;
    }

    /// <summary>Reads the frame at the start of <paramref name="bytes"/>; false when it is torn (short, or its checksum is wrong).</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out JournalRecord? record, out int frameLength)
    {
        record = null;
        frameLength = 0;
        if (bytes.Length < HeaderSize)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (size is < 0 or > MaxRecordSize || bytes.Length - HeaderSize < size)
        {
            return false;
        }

        var payload = bytes.Slice(HeaderSize, size);
        if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]))
        {
            return false;
        }

        try
        {
            record = JournalRecord.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }

        frameLength = HeaderSize + size;
        return true;
    }
}
