namespace OfflineRepair.Partitions;

/// <summary>
/// CRC-32 as GPT uses it (IEEE 802.3, the same as zip and gzip): reflected polynomial 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF. Check value of "123456789" is 0xCBF43926.
/// </summary>
internal static class Crc32
{
    private const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running value before any byte; feed pieces with <see cref="Append"/>, end with <see cref="Finish"/>.</summary>
    public const uint Start = 0xFFFFFFFF;

    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            running = Table[(running ^ b) & 0xFF] ^ (running >> 8);
        }

        return running;
    }

    public static uint Finish(uint running) => running ^ 0xFFFFFFFF;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
