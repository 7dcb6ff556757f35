// Compiled into the official C# client only (OfficialCsharpClient.targets): stands in for the
// Crc32.NET method it calls, which this project's package feed does not serve.
namespace Force.Crc32
{
    internal static class Crc32Algorithm
    {
        public static uint Compute(byte[] input, int offset, int length) => System.IO.Hashing.Crc32.HashToUInt32(new System.ReadOnlySpan<byte>(input, offset, length));
    }
}
